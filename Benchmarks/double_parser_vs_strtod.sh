#!/usr/bin/env bash
# Does DoubleParser (with PowersOfTen, 888 lines) earn its place over strtod? Builds this commit twice in scratch
# worktrees, once as it is and once with DoubleParser.parse sending every field to strtod, and times the whole
# `latent analyze --jobs 1` process of each on the same 64 MB dataset (60,000 records x 128), twice.
# Usage: bash Benchmarks/double_parser_vs_strtod.sh   (needs hyperfine; about 6 minutes on 2 cores)
set -euo pipefail
root="$(git rev-parse --show-toplevel)"
scratch="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$scratch/parser" 2>/dev/null; git -C "$root" worktree remove --force "$scratch/strtod" 2>/dev/null; rm -rf "$scratch"' EXIT
for variant in parser strtod; do
    git -C "$root" worktree add -q --detach "$scratch/$variant" HEAD
done
python3 - "$scratch/strtod/Sources/FileIO/DoubleParser.swift" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
# Both fast paths (eight digits at a time, and Clinger / Eisel-Lemire) answer nil: every field goes to strtod.
for signature in ["    private static func short(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {\n",
                  "    private static func decimal(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {\n"]:
    assert signature in text, "DoubleParser changed: update this script"
    text = text.replace(signature, signature + "        if Int.bitWidth > 0 { return nil }\n")
open(path, "w").write(text)
PY
for variant in parser strtod; do
    (cd "$scratch/$variant" && swift build -c release --product ganfilter > /dev/null)
done
"$scratch/parser/.build/release/ganfilter" synth latent --records 60000 --output "$scratch/latent.csv" 2> /dev/null
for run in 1 2; do
    hyperfine -w 1 -r 7 -N --output=null --export-json "$scratch/run$run.json" \
        "$scratch/parser/.build/release/ganfilter latent analyze --data $scratch/latent.csv --jobs 1" \
        "$scratch/strtod/.build/release/ganfilter latent analyze --data $scratch/latent.csv --jobs 1" > /dev/null
    python3 - "$scratch/run$run.json" "$run" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
parser, strtod = (statistics.median(result["times"]) for result in results)
print(f"run {sys.argv[2]}: DoubleParser {parser:.3f} s, strtod {strtod:.3f} s (medians of 7): DoubleParser {strtod / parser:.2f}x")
PY
done
