// A small C layer over libpng that owns its setjmp/longjmp error path, so that a longjmp never
// crosses a Swift frame. Swift calls these functions; libpng errors come back as a status and message.
#ifndef GANFILTER_PNG_SHIM_H
#define GANFILTER_PNG_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Outcome of a decode or encode call.
typedef enum {
    GF_PNG_OK = 0,
    GF_PNG_READ_FAILED,      ///< read(2) failed; `error_number` holds errno.
    GF_PNG_NOT_PNG,          ///< the first 8 bytes are not the PNG signature.
    GF_PNG_TRUNCATED,        ///< the data ended before IEND.
    GF_PNG_LIBPNG_ERROR,     ///< libpng refused the data; `message` says why (CRC, zlib, IHDR...).
    GF_PNG_TOO_LARGE,        ///< width * height exceeds the caller's pixel limit; nothing was allocated.
    GF_PNG_OUT_OF_MEMORY,    ///< an allocation failed.
} gf_png_status;

/// What the decoder produces.
typedef enum {
    GF_DECODE_RAW = 0,   ///< libpng's rows into one reusable buffer, nothing else (benchmark baseline).
    GF_DECODE_GREY = 1,  ///< 8-bit grey, `width * height` bytes in `grey`.
    GF_DECODE_MASK = 2,  ///< bit-packed binary mask (grey >= threshold) in `mask_words`.
    /// `width * height` bytes in `grey` for the two-level rule: an image of exactly two grey levels as stored, 0
    /// and one other (a 16-bit image's samples compared whole, so 0/1 and 0/255 saved in 16 bits count), gives
    /// that level's pixels 255 and the others 0; any other image gives 0 everywhere.
    GF_DECODE_LEVELS = 3,
} gf_decode_target;

/// The result of a decode. Buffers are malloc'd by the shim; release them with `gf_png_result_free`.
typedef struct {
    gf_png_status status;
    int error_number;
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;
    int interlaced;
    char message[256];
    char warning[256];       ///< libpng's last warning, which often says what an error means.
    size_t bytes_read;       ///< bytes the first read gave (0: the file is empty, whatever its size claims).
    uint8_t *grey;
    uint64_t *mask_words;
    size_t words_per_row;
    /// For `GF_DECODE_MASK`: the pixels other than 0 below the threshold, which a label image whose classes the
    /// threshold splits has many of (a lung drawn darker than the threshold), and a mask of two levels none; and
    /// the distinct levels among them, counted up to `GF_DIM_LEVELS_MAX + 1`: a label image has a few (more where
    /// resizing blended its edges), a soft probability map soon has more.
    uint64_t dim_pixels;
    uint32_t dim_levels;
} gf_png_result;

/// The most distinct dim levels `gf_png_result.dim_levels` counts; one more means more than this.
#define GF_DIM_LEVELS_MAX 64

/// Decodes the PNG read from an open file descriptor (read to its end, not closed).
void gf_png_decode_fd(int fd, gf_decode_target target, uint8_t threshold, uint64_t max_pixels,
                      gf_png_result *result);

/// Decodes a PNG held in memory.
void gf_png_decode_memory(const uint8_t *bytes, size_t count, gf_decode_target target, uint8_t threshold,
                          uint64_t max_pixels, gf_png_result *result);

/// Frees the buffers of a result.
void gf_png_result_free(gf_png_result *result);

/// A PNG file in memory produced by `gf_png_encode`; free `data` with `gf_png_encoded_free`.
typedef struct {
    gf_png_status status;
    char message[256];
    uint8_t *data;
    size_t size;
} gf_png_encoded;

/// Encodes rows already packed in PNG's own sample layout (`row_stride` bytes apart).
/// `palette_rgb` holds `palette_count` RGB triples for colour type 3, else NULL.
void gf_png_encode(const uint8_t *rows, size_t row_stride, uint32_t width, uint32_t height, int bit_depth,
                   int color_type, int interlaced, const uint8_t *palette_rgb, int palette_count,
                   gf_png_encoded *encoded);

/// Frees an encoded PNG.
void gf_png_encoded_free(gf_png_encoded *encoded);

#endif
