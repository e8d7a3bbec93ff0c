#!/usr/bin/env bash
# Peak memory of ganfilter on large batches, measured with /usr/bin/time -v (maximum resident set size):
#   features over 100,000 masks, and latent screen over 10,000,000 x 128 float32 vectors (a 5.1 GB .npy).
# The inputs are made in a scratch folder (default: a new folder under $TMPDIR) and deleted afterwards.
# Needs about 6 GB of free disk, python3 with NumPy (to write the .npy), and /usr/bin/time.
#
#   Benchmarks/memory.sh [--masks 100000] [--vectors 10000000] [--folder DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
masks=100000
vectors=10000000
folder=""
while [ $# -gt 0 ]; do
    case "$1" in
        --masks) masks="$2"; shift 2 ;;
        --vectors) vectors="$2"; shift 2 ;;
        --folder) folder="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
folder="${folder:-$(mktemp -d "${TMPDIR:-/tmp}/ganfilter-memory.XXXXXX")}"
mkdir -p "$folder"
trap 'rm -rf "$folder"' EXIT

need_kb=$(( vectors * 128 * 4 / 1024 + masks * 2 + 1024 * 1024 ))
free_kb=$(df -Pk "$folder" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt "$need_kb" ]; then
    echo "memory.sh: $folder has $((free_kb / 1024)) MB free, $((need_kb / 1024)) MB needed" >&2
    exit 1
fi

swift build -c release --product ganfilter > /dev/null
ganfilter="$(swift build -c release --show-bin-path)/ganfilter"
peak() { awk -F': ' '/Maximum resident set size/ { printf "%.1f MB", $2 / 1024 }' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$1"; }

echo "making $masks synthetic masks in $folder/masks ..."
"$ganfilter" synth masks --count "$masks" --output "$folder/masks" > /dev/null 2>&1
/usr/bin/time -v "$ganfilter" features "$folder/masks" --output "$folder/features.csv" 2> "$folder/features.time" > /dev/null || true
rows=$(( $(wc -l < "$folder/features.csv") - 1 ))
echo "features, $rows masks:                 peak RSS $(peak "$folder/features.time"), wall $(wall "$folder/features.time")"
rm -rf "$folder/masks"

echo "making $vectors x 128 float32 vectors in $folder/z.npy ..."
python3 - "$folder/z.npy" "$vectors" << 'PY'
import sys
import numpy as np
path, n = sys.argv[1], int(sys.argv[2])
z = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, 128))
rng = np.random.default_rng(0)
for start in range(0, n, 1_000_000):
    stop = min(n, start + 1_000_000)
    z[start:stop] = rng.uniform(-1, 1, size=(stop - start, 128)).astype(np.float32)
z.flush()
PY
"$ganfilter" synth latent --records 6000 --output "$folder/latent.csv" > /dev/null 2>&1
"$ganfilter" latent train --data "$folder/latent.csv" --groups 18_24f --output "$folder/prefilter.json" > /dev/null 2>&1
/usr/bin/time -v "$ganfilter" latent screen --model "$folder/prefilter.json" --group 18_24f --vectors "$folder/z.npy" \
    --output "$folder/kept.npy" --indices "$folder/kept.txt" 2> "$folder/screen.time" > "$folder/screen.out" || true
echo "latent screen, $vectors vectors:   peak RSS $(peak "$folder/screen.time"), wall $(wall "$folder/screen.time")"
echo "  $(cat "$folder/screen.out")"
