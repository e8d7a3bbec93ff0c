#!/usr/bin/env bash
# Builds and runs a scratch package that depends on a tagged clone of this repository by version, as another
# project would: SwiftPM refuses a versioned dependency whose targets carry unsafe build flags.
#
#   Tests/Dependant/check.sh        (from the repository root; needs git and the Swift toolchain)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version=99.0.0
git clone --quiet --no-hardlinks "$root" "$work/ganfilter"
git -C "$work/ganfilter" -c user.name=ci -c user.email=ci@localhost tag "$version"
mkdir -p "$work/dependant"
cp -R "$root/Tests/Dependant/Sources" "$work/dependant/"
sed -e "s|@URL@|file://$work/ganfilter|" -e "s|@VERSION@|$version|" "$root/Tests/Dependant/Package.swift.in" > "$work/dependant/Package.swift"
cd "$work/dependant"
swift build --product Dependant 2>&1 | tail -3
output="$(swift run --skip-build Dependant)"
echo "$output"
grep -q "pixels: 1" <<< "$output"
echo "Tests/Dependant: a package depending on ganfilter $version by version builds and runs"
