#!/usr/bin/env bash
# Builds the ganfilter wheel: dist/ganfilter-VERSION-py3-none-PLATFORM.whl at the repository root.
#
#   bash python/build-wheel.sh
#   pip install dist/ganfilter-*.whl
#
# The binary inside is the release build linked statically against the Swift runtime (--static-swift-stdlib),
# libpng and zlib (their static archives, from libpng-dev and zlib1g-dev), so the wheel runs where no Swift,
# libpng or zlib is installed: it needs the C library, libm, libstdc++ and libgcc_s, which every Linux has.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# libpng and zlib are linked from their static archives: a scratch folder holds only lib{png16,z}.a and a copy
# of libpng.pc whose Libs name that folder, so SwiftPM's pkg-config lookup (PKG_CONFIG_PATH) puts it first on
# the linker's search path. No unsafe flag enters Package.swift.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for library in png16 z; do
    archive=$(ls /usr/lib/*-linux-gnu/"lib$library.a" /usr/lib64/"lib$library.a" /usr/lib/"lib$library.a" 2>/dev/null | head -n 1 || true)
    if [[ -n "$archive" ]]; then
        ln -s "$archive" "$scratch/lib$library.a"
    else
        echo "build-wheel: no static lib$library.a (apt-get install libpng-dev zlib1g-dev); it stays a shared library" >&2
    fi
done
pcfile="$(pkg-config --variable=pcfiledir libpng)/libpng.pc"
sed "s|^Libs: .*|Libs: -L$scratch -lpng16|" "$pcfile" > "$scratch/libpng.pc"

PKG_CONFIG_PATH="$scratch${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" swift build -c release --product ganfilter --static-swift-stdlib
binary="$(swift build -c release --show-bin-path)/ganfilter"
if ldd "$binary" | grep -Eq 'libswift|libFoundation|libpng|libz\.'; then
    echo "build-wheel: note: $binary still links:" >&2
    ldd "$binary" | grep -E 'libswift|libFoundation|libpng|libz\.' >&2
fi
# The wheel carries the binary without its debug symbols (85 MB -> 62 MB).
strip -o "$scratch/ganfilter" "$binary"
python3 python/make_wheel.py --binary "$scratch/ganfilter" --out dist
