"""An 8-bit greyscale PNG writer in the standard library (zlib), for masks as files without Pillow: the
benchmarks and tests write the same masks as PNG files and as arrays with it."""
import struct
import zlib


def write_png(path, grey, level=6):
    """Writes the H x W uint8 array `grey` as an 8-bit greyscale PNG at `path` (zlib `level`)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    height, width = grey.shape
    rows = b"".join(b"\x00" + grey[y].tobytes() for y in range(height))
    with open(path, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows, level)) + chunk(b"IEND", b""))
