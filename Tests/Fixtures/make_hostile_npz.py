#!/usr/bin/env python3
"""Two hostile .npz archives for ganfilter's mask-stack reader, built byte by byte (deflated with zlib).

    pip install numpy
    python3 Tests/Fixtures/make_hostile_npz.py

Writes Tests/Fixtures/stacks/:

- huge_truncated.npz: member masks.npy, whose .npy header says 1 x 2000 x 2000 uint8 (4,000,000 bytes, as its
  directory entry declares), but whose deflate stream holds the header and the first 4,096 data bytes only.
  A reader that checks the header before inflating refuses it for its size (--max-pixels under 4,000,000); one
  that inflates first finds a truncated stream.
- outgrows.npz: member masks.npy, whose directory entry declares the .npy of 1 x 10 x 10 uint8 (header and 100
  bytes, with their CRC-32), but whose deflate stream holds 1,000,000 zero bytes more. Python's zipfile stops
  at the declared size, so np.load reads one empty 10 x 10 mask; a reader that inflated the whole stream would
  write all of it first (a zip bomb's way to fill a disk).
- long_header.npz: member masks.npy, a valid 2 x 3 x 4 uint8 stack (mask i holds i) whose version 2.0 header is
  padded with spaces to 5,000 bytes, past the first 4 KiB a reader may take for the header (NumPy reads it).
"""
import io
import os
import struct
import zlib

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stacks")


def npy(shape):
    """The bytes of a zero uint8 .npy of `shape`, as NumPy writes them."""
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(shape, dtype=np.uint8))
    return buffer.getvalue()


def deflated_zip(name, stream, declared_size, crc):
    """A zip of one deflated member whose data are `stream` (raw deflate), declaring `declared_size` and `crc`."""
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), declared_size, len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), declared_size,
                          len(encoded), 0, 0, 0, 0, 0, 0)
    body = local + encoded + stream
    directory = central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def raw_deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def main():
    huge = npy((1, 2000, 2000))
    header_length = len(huge) - 4_000_000
    # A stream left unfinished (flushed, never ended), as a truncated download would leave it.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    partial = compressor.compress(huge[:header_length + 4096]) + compressor.flush(zlib.Z_SYNC_FLUSH)
    with open(os.path.join(OUT, "huge_truncated.npz"), "wb") as handle:
        handle.write(deflated_zip("masks.npy", partial, len(huge), zlib.crc32(huge)))
    small = npy((1, 10, 10))
    with open(os.path.join(OUT, "outgrows.npz"), "wb") as handle:
        handle.write(deflated_zip("masks.npy", raw_deflate(small + bytes(1_000_000)), len(small), zlib.crc32(small)))
    assert np.load(os.path.join(OUT, "outgrows.npz"))["masks"].shape == (1, 10, 10)
    stack = np.arange(2, dtype=np.uint8)[:, None, None] * np.ones((2, 3, 4), dtype=np.uint8)
    text = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 4), }".encode("latin1")
    length = 5000 - 12
    header = b"\x93NUMPY\x02\x00" + struct.pack("<I", length) + text + b" " * (length - len(text) - 1) + b"\n"
    long_npy = header + stack.tobytes()
    with open(os.path.join(OUT, "long_header.npz"), "wb") as handle:
        handle.write(deflated_zip("masks.npy", raw_deflate(long_npy), len(long_npy), zlib.crc32(long_npy)))
    assert (np.load(os.path.join(OUT, "long_header.npz"))["masks"] == stack).all()


if __name__ == "__main__":
    main()
