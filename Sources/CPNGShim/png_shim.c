#include "png_shim.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

// ---- input sources --------------------------------------------------------------------------

typedef struct {
    int fd;                 // -1 for a memory source
    const uint8_t *memory;  // the whole file for a memory source, else the read buffer
    size_t length;          // bytes valid in `memory`
    size_t position;
    uint8_t buffer[65536];
    gf_png_result *result;
} gf_source;

/// Fills `out` with `count` bytes; returns 0 on success, sets the result's status otherwise.
static int source_read(gf_source *source, uint8_t *out, size_t count) {
    while (count > 0) {
        if (source->position == source->length) {
            if (source->fd < 0) {
                source->result->status = GF_PNG_TRUNCATED;
                return -1;
            }
            ssize_t got;
            do {
                got = read(source->fd, source->buffer, sizeof source->buffer);
            } while (got < 0 && errno == EINTR);
            if (got < 0) {
                source->result->status = GF_PNG_READ_FAILED;
                source->result->error_number = errno;
                return -1;
            }
            if (got == 0) {
                source->result->status = GF_PNG_TRUNCATED;
                return -1;
            }
            source->memory = source->buffer;
            source->length = (size_t)got;
            source->position = 0;
        }
        size_t available = source->length - source->position;
        size_t take = available < count ? available : count;
        memcpy(out, source->memory + source->position, take);
        source->position += take;
        out += take;
        count -= take;
    }
    return 0;
}

static void read_callback(png_structp png, png_bytep out, size_t count) {
    gf_source *source = (gf_source *)png_get_io_ptr(png);
    if (source_read(source, out, count) != 0) {
        png_error(png, source->result->status == GF_PNG_TRUNCATED ? "file ends early" : "read failed");
    }
}

static void error_callback(png_structp png, png_const_charp message) {
    gf_png_result *result = (gf_png_result *)png_get_error_ptr(png);
    if (result->status == GF_PNG_OK) {
        result->status = GF_PNG_LIBPNG_ERROR;
        snprintf(result->message, sizeof result->message, "%s", message);
    }
    png_longjmp(png, 1);
}

static void warning_callback(png_structp png, png_const_charp message) {
    gf_png_result *result = (gf_png_result *)png_get_error_ptr(png);
    snprintf(result->warning, sizeof result->warning, "%s", message);
}

static void ignore_warning_callback(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

// ---- pixel conversion -----------------------------------------------------------------------

/// Pillow's convert('L'): ITU-R 601 luma in 16.16 fixed point, rounded.
static inline uint8_t luma(uint8_t r, uint8_t g, uint8_t b) {
    return (uint8_t)((19595u * r + 38470u * g + 7471u * b + 32768u) >> 16);
}

static void row_to_grey(const uint8_t *row, uint32_t width, int channels, uint8_t *grey) {
    switch (channels) {
    case 1: memcpy(grey, row, width); break;
    case 2: for (uint32_t x = 0; x < width; x++) grey[x] = row[2 * x]; break;
    case 3: for (uint32_t x = 0; x < width; x++) grey[x] = luma(row[3 * x], row[3 * x + 1], row[3 * x + 2]); break;
    default: for (uint32_t x = 0; x < width; x++) grey[x] = luma(row[4 * x], row[4 * x + 1], row[4 * x + 2]); break;
    }
}

/// The grey level of pixel `x` of a 16-bit row (big-endian samples, as libpng hands them over): the sample of grey
/// images, the same luma as `luma` of colour ones, alpha ignored.
static inline uint32_t level16(const uint8_t *row, uint32_t x, int channels) {
    const uint8_t *pixel = row + 2 * (size_t)channels * x;
    uint32_t first = (uint32_t)pixel[0] << 8 | pixel[1];
    if (channels < 3) return first;
    uint64_t green = (uint32_t)pixel[2] << 8 | pixel[3], blue = (uint32_t)pixel[4] << 8 | pixel[5];
    return (uint32_t)((19595u * (uint64_t)first + 38470u * green + 7471u * blue + 32768u) >> 16);
}

/// The distinct grey levels met among the dim pixels of an image, counted up to `GF_DIM_LEVELS_MAX + 1`.
typedef struct {
    uint64_t seen[4];
    uint32_t count;
} dim_levels;

/// Notes the levels of the dim pixels `bits` (bit i: pixel `x + i`) of a row; nothing once the count is past the
/// maximum, so that a soft map costs a few dozen pixels' looks and a two-level mask, which has no dim pixel, none.
static inline void note_dim_levels(const uint8_t *grey, uint32_t x, uint64_t bits, dim_levels *levels) {
    while (bits != 0 && levels->count <= GF_DIM_LEVELS_MAX) {
        uint8_t level = grey[x + (uint32_t)__builtin_ctzll(bits)];
        uint64_t bit = (uint64_t)1 << (level & 63);
        if ((levels->seen[level >> 6] & bit) == 0) {
            levels->seen[level >> 6] |= bit;
            levels->count++;
        }
        bits &= bits - 1;
    }
}

/// Packs `grey >= threshold` into words, 64 pixels a word, least significant bit first; returns the row's pixels
/// other than 0 below the threshold, and notes their levels in `levels`.
static uint64_t grey_to_bits(const uint8_t *grey, uint32_t width, uint8_t threshold, uint64_t *words, dim_levels *levels) {
    uint32_t x = 0;
    size_t w = 0;
    uint64_t dim = 0;
#ifdef __SSE2__
    // 16 pixels at a time: x >= t exactly when max(x, t) == x; movemask gathers the byte results in order.
    const __m128i limit = _mm_set1_epi8((char)threshold);
    const __m128i zero = _mm_setzero_si128();
    for (; width - x >= 64; x += 64, w++) {
        uint64_t word = 0, blank = 0;
        for (int part = 0; part < 4; part++) {
            __m128i pixels = _mm_loadu_si128((const __m128i *)(grey + x + 16 * part));
            __m128i at_least = _mm_cmpeq_epi8(_mm_max_epu8(pixels, limit), pixels);
            word |= (uint64_t)(uint16_t)_mm_movemask_epi8(at_least) << (16 * part);
            blank |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(pixels, zero)) << (16 * part);
        }
        words[w] = word;
        uint64_t dim_bits = ~(word | blank);
        if (dim_bits != 0) {
            dim += (uint64_t)__builtin_popcountll(dim_bits);
            note_dim_levels(grey, x, dim_bits, levels);
        }
    }
#endif
    for (; x < width; w++) {
        uint64_t word = 0, dim_bits = 0;
        uint32_t end = width - x < 64 ? width - x : 64;
        for (uint32_t bit = 0; bit < end; bit++) {
            word |= (uint64_t)(grey[x + bit] >= threshold) << bit;
            dim_bits |= (uint64_t)(grey[x + bit] != 0 && grey[x + bit] < threshold) << bit;
        }
        words[w] = word;
        if (dim_bits != 0) {
            dim += (uint64_t)__builtin_popcountll(dim_bits);
            note_dim_levels(grey, x, dim_bits, levels);
        }
        x += end;
    }
    return dim;
}

// ---- decoding -------------------------------------------------------------------------------

static void decode(gf_source *source, gf_decode_target target, uint8_t threshold, uint64_t max_pixels,
                   gf_png_result *result) {
    memset(result, 0, sizeof *result);
    source->result = result;

    uint8_t signature[8];
    int signature_status = source_read(source, signature, 8);
    result->bytes_read = source->length;
    if (signature_status != 0) {
        if (result->status == GF_PNG_TRUNCATED) result->status = GF_PNG_NOT_PNG;
        return;
    }
    if (png_sig_cmp(signature, 0, 8) != 0) {
        result->status = GF_PNG_NOT_PNG;
        return;
    }

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, result, error_callback, warning_callback);
    if (png == NULL) {
        result->status = GF_PNG_OUT_OF_MEMORY;
        return;
    }
    png_infop info = png_create_info_struct(png);
    // Locals changed after setjmp must be volatile to keep their values through the longjmp.
    uint8_t *volatile row = NULL;
    uint8_t *volatile image = NULL;
    png_bytep *volatile row_pointers = NULL;
    uint8_t *volatile grey_row = NULL;

    if (info == NULL) {
        result->status = GF_PNG_OUT_OF_MEMORY;
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        goto done;
    }
    png_set_read_fn(png, source, read_callback);
    png_set_sig_bytes(png, 8);
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    // A mask needs none of the ancillary chunks: text, ICC profiles, unknown chunks are skipped unread,
    // and no chunk may make libpng allocate more than 1 MiB (a 44-byte file could otherwise declare a 2 GB
    // text chunk and have it allocated before the read fails). Image data is streamed, not allocated per chunk.
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    png_set_chunk_malloc_max(png, 1u << 20);
    png_set_chunk_cache_max(png, 1000);
#ifdef PNG_IGNORE_ADLER32
    // Each image data chunk's CRC-32, which libpng checks as always, guards the compressed bytes; the zlib
    // stream's Adler-32 is a second checksum of the same data, decompressed, and a tenth of a mask's decoding
    // time. The raw decode (the benchmark's bare libpng) keeps libpng's default, so that it stays the peer.
    if (target != GF_DECODE_RAW) png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
    png_read_info(png, info);

    uint32_t width = png_get_image_width(png, info);
    uint32_t height = png_get_image_height(png, info);
    result->width = width;
    result->height = height;
    result->bit_depth = png_get_bit_depth(png, info);
    result->color_type = png_get_color_type(png, info);
    result->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        result->status = GF_PNG_TOO_LARGE;
        goto done;
    }

    // The two-level rule compares a 16-bit image's samples whole: 0/1 saved in 16 bits has no high byte to keep.
    int wide = result->bit_depth == 16 && target == GF_DECODE_LEVELS;
    if (result->bit_depth == 16 && !wide) png_set_strip_16(png);
    if (result->color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (result->color_type == PNG_COLOR_TYPE_GRAY && result->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);

    size_t words_per_row = ((size_t)width + 63) / 64;
    if (target == GF_DECODE_GREY || target == GF_DECODE_LEVELS) {
        result->grey = malloc((size_t)width * height);
        grey_row = target == GF_DECODE_LEVELS ? malloc(width) : NULL;
        if (result->grey == NULL || (target == GF_DECODE_LEVELS && grey_row == NULL)) {
            result->status = GF_PNG_OUT_OF_MEMORY;
            goto done;
        }
    } else if (target == GF_DECODE_MASK) {
        result->words_per_row = words_per_row;
        result->mask_words = calloc(words_per_row * height, sizeof(uint64_t));
        grey_row = malloc(width);
        if (result->mask_words == NULL || grey_row == NULL) { result->status = GF_PNG_OUT_OF_MEMORY; goto done; }
    }

    if (passes > 1) {
        image = malloc(rowbytes * height);
        row_pointers = malloc(sizeof(png_bytep) * height);
        if (image == NULL || row_pointers == NULL) { result->status = GF_PNG_OUT_OF_MEMORY; goto done; }
        for (uint32_t y = 0; y < height; y++) row_pointers[y] = image + rowbytes * y;
        png_read_image(png, row_pointers);
    } else {
        row = malloc(rowbytes);
        if (row == NULL) { result->status = GF_PNG_OUT_OF_MEMORY; goto done; }
    }

    // GF_DECODE_LEVELS: the first level other than 0 met, and whether another one followed.
    uint32_t second_level = 0;
    // GF_DECODE_MASK: the distinct levels of the dim pixels (read only on the way out, never after a longjmp).
    dim_levels dim = {{0, 0, 0, 0}, 0};
    int more_levels = 0;
    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *decoded;
        if (passes > 1) {
            decoded = row_pointers[y];
        } else {
            png_read_row(png, row, NULL);
            decoded = row;
        }
        if (target == GF_DECODE_GREY) {
            row_to_grey(decoded, width, channels, result->grey + (size_t)width * y);
        } else if (target == GF_DECODE_MASK) {
            const uint8_t *grey = decoded;
            if (channels != 1) {
                row_to_grey(decoded, width, channels, grey_row);
                grey = grey_row;
            }
            result->dim_pixels += grey_to_bits(grey, width, threshold, result->mask_words + words_per_row * y, &dim);
        } else if (target == GF_DECODE_LEVELS) {
            if (!wide) row_to_grey(decoded, width, channels, grey_row);
            uint8_t *out = result->grey + (size_t)width * y;
            for (uint32_t x = 0; x < width; x++) {
                uint32_t level = wide ? level16(decoded, x, channels) : grey_row[x];
                if (level != 0 && second_level == 0) second_level = level;
                if (level != 0 && level != second_level) more_levels = 1;
                out[x] = level != 0 && level == second_level ? 255 : 0;
            }
        }
    }
    png_read_end(png, NULL);
    result->dim_levels = dim.count;
    if (target == GF_DECODE_LEVELS && more_levels) memset(result->grey, 0, (size_t)width * height);

done:
    png_destroy_read_struct(&png, info == NULL ? NULL : &info, NULL);
    free(row);
    free(image);
    free(row_pointers);
    free(grey_row);
    if (result->status != GF_PNG_OK) {
        free(result->grey);
        free(result->mask_words);
        result->grey = NULL;
        result->mask_words = NULL;
    }
}

void gf_png_decode_fd(int fd, gf_decode_target target, uint8_t threshold, uint64_t max_pixels,
                      gf_png_result *result) {
    gf_source *source = malloc(sizeof *source);
    if (source == NULL) {
        memset(result, 0, sizeof *result);
        result->status = GF_PNG_OUT_OF_MEMORY;
        return;
    }
    source->fd = fd;
    source->memory = NULL;
    source->length = 0;
    source->position = 0;
    decode(source, target, threshold, max_pixels, result);
    free(source);
}

void gf_png_decode_memory(const uint8_t *bytes, size_t count, gf_decode_target target, uint8_t threshold,
                          uint64_t max_pixels, gf_png_result *result) {
    gf_source source = {.fd = -1, .memory = bytes, .length = count, .position = 0};
    decode(&source, target, threshold, max_pixels, result);
}

void gf_png_result_free(gf_png_result *result) {
    free(result->grey);
    free(result->mask_words);
    result->grey = NULL;
    result->mask_words = NULL;
}

// ---- encoding -------------------------------------------------------------------------------

typedef struct {
    gf_png_encoded *encoded;
    size_t capacity;
} gf_sink;

static void write_callback(png_structp png, png_bytep data, size_t count) {
    gf_sink *sink = (gf_sink *)png_get_io_ptr(png);
    gf_png_encoded *encoded = sink->encoded;
    if (encoded->size + count > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity < encoded->size + count) capacity *= 2;
        uint8_t *grown = realloc(encoded->data, capacity);
        if (grown == NULL) {
            encoded->status = GF_PNG_OUT_OF_MEMORY;
            png_error(png, "out of memory");
        }
        encoded->data = grown;
        sink->capacity = capacity;
    }
    memcpy(encoded->data + encoded->size, data, count);
    encoded->size += count;
}

static void flush_callback(png_structp png) { (void)png; }

static void encode_error_callback(png_structp png, png_const_charp message) {
    gf_png_encoded *encoded = (gf_png_encoded *)png_get_error_ptr(png);
    if (encoded->status == GF_PNG_OK) {
        encoded->status = GF_PNG_LIBPNG_ERROR;
        snprintf(encoded->message, sizeof encoded->message, "%s", message);
    }
    png_longjmp(png, 1);
}

void gf_png_encode(const uint8_t *rows, size_t row_stride, uint32_t width, uint32_t height, int bit_depth,
                   int color_type, int interlaced, const uint8_t *palette_rgb, int palette_count,
                   gf_png_encoded *encoded) {
    memset(encoded, 0, sizeof *encoded);
    gf_sink sink = {.encoded = encoded, .capacity = 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, encoded, encode_error_callback,
                                              ignore_warning_callback);
    if (png == NULL) {
        encoded->status = GF_PNG_OUT_OF_MEMORY;
        return;
    }
    png_infop info = png_create_info_struct(png);
    png_color *volatile palette = NULL;
    if (info == NULL) {
        encoded->status = GF_PNG_OUT_OF_MEMORY;
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        goto done;
    }
    png_set_write_fn(png, &sink, write_callback, flush_callback);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        palette = malloc(sizeof(png_color) * (palette_count > 0 ? palette_count : 1));
        if (palette == NULL) {
            encoded->status = GF_PNG_OUT_OF_MEMORY;
            goto done;
        }
        for (int i = 0; i < palette_count; i++) {
            palette[i].red = palette_rgb[3 * i];
            palette[i].green = palette_rgb[3 * i + 1];
            palette[i].blue = palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, palette, palette_count);
    }
    png_write_info(png, info);
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < height; y++) {
            png_write_row(png, rows + row_stride * y);
        }
    }
    png_write_end(png, info);

done:
    png_destroy_write_struct(&png, info == NULL ? NULL : &info);
    free(palette);
    if (encoded->status != GF_PNG_OK) {
        free(encoded->data);
        encoded->data = NULL;
        encoded->size = 0;
    }
}

void gf_png_encoded_free(gf_png_encoded *encoded) {
    free(encoded->data);
    encoded->data = NULL;
    encoded->size = 0;
}
