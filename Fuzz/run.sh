#!/usr/bin/env bash
# Builds ganfilter's libFuzzer targets with AddressSanitizer and runs one of them for a given time.
#
#   Fuzz/run.sh TARGET SECONDS [libFuzzer options...]     TARGET: FuzzPNG, FuzzMaskStack, FuzzLatentCSV, FuzzLatentNpz, FuzzNumpy, FuzzModelFile,
#                                                          FuzzReferenceCache or FuzzTables
#
# The seed corpus is Fuzz/Corpus/TARGET (read only); new inputs go to Fuzz/.corpus/TARGET, and a crash, leak
# or timeout is written to Fuzz/.artifacts/TARGET/ and ends the run with a non-zero status. Every finding
# becomes a regression test in the test target of the module it was in.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: Fuzz/run.sh TARGET SECONDS (TARGET: a folder of Fuzz/Sources)}"
seconds="${2:?give the run time in seconds}"
shift 2

log="$(mktemp)"
# SwiftPM keeps the file list of the parent package's targets in its build description; a source file added
# there since the last fuzz build would be left out. Dropping the description re-plans the build (objects stay).
rm -f .build-fuzz/release.yaml .build-fuzz/build.db .build-fuzz/release/description.json
swift build --scratch-path .build-fuzz -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$log"
mkdir -p ".corpus/$target" ".artifacts/$target"
exec ".build-fuzz/release/$target" ".corpus/$target" "Corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix=".artifacts/$target/" -print_final_stats=1 "$@"
