#!/usr/bin/env bash
# The latent loop on the shipped real generator (bench/generator): train a prefilter on its 20,000 (z, passed)
# records, sample latents that pass, generate them, assemble the outcomes with the vectors, and verify the
# prefilter's promise; then the same for an unscreened fresh run, whose realised speed-up is checked too.
#
#   pip install numpy scipy jax pillow      # for the generator (bench/generator/fresh_run.py)
#   bash examples/latent_loop.sh [OUT]      # OUT defaults to loop-out/; about 10 minutes on 2 cores
#
# fresh_run.py stands in for your generator and your quality check (sample_gan.py's outline rule); everything
# else is ganfilter. Exit status: latent verify's (3 when a promise was not kept).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-loop-out}
mkdir -p "$out"
ganfilter() { swift run -c release --skip-build ganfilter "$@"; }
swift build -c release --product ganfilter

# 1. Train on the generator's records; they came from the standard normal, which the model records.
ganfilter latent train --data bench/generator/latent.csv.gz --target passed --latent-distribution normal \
    --output "$out/prefilter.json" --report "$out/train"

# 2. Sample 2,000 latents that pass (Youden's threshold, the model's default).
ganfilter latent sample --model "$out/prefilter.json" --group gan --count 2000 --seed 3 --output "$out/z.npy"

# 3. Generate them (inference mode: fixed normalisation statistics) and label the images.
python3 bench/generator/fresh_run.py --vectors "$out/z.npy" --inference-mode --outcomes "$out/outcomes.csv"

# 4. Join vectors and outcomes into a latent dataset.
ganfilter latent assemble --vectors "$out/z.npy" --outcomes "$out/outcomes.csv" --group gan --output "$out/screened.npz"

# 5. Did the kept vectors give the precision the model promised?
status=0
ganfilter latent verify --model "$out/prefilter.json" --group gan --data "$out/screened.npz" --output "$out/verify_screened.json" || status=$?

# The same for 4,000 unscreened draws: the realised speed-up against the promised one.
python3 bench/generator/fresh_run.py --draw 4000 --seed 3 --inference-mode --save-vectors "$out/z_fresh.npy" --outcomes "$out/outcomes_fresh.csv"
ganfilter latent assemble --vectors "$out/z_fresh.npy" --outcomes "$out/outcomes_fresh.csv" --group gan --output "$out/fresh.npz"
ganfilter latent verify --model "$out/prefilter.json" --group gan --data "$out/fresh.npz" --output "$out/verify_fresh.json" || status=$?
exit $status
