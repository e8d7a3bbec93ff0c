#include "bit_count.h"

#include <stdint.h>

// x86-64's baseline has no population-count instruction, so `__builtin_popcountll` there is a dozen
// instructions. Each loop is compiled twice, once for POPCNT (in every x86-64 processor since 2008) and once on
// the baseline, and the entry point takes the first where the CPU has it. The counts are the same on both.

#if defined(__x86_64__)
#define POPCNT_PATH __attribute__((target("popcnt")))
static int cpu_has_popcnt(void) { return __builtin_cpu_supports("popcnt"); }
#else
#define POPCNT_PATH
static int cpu_has_popcnt(void) { return 0; }
#endif

static _Atomic int force_baseline = 0;

void gf_bit_count_force_baseline(int force) { force_baseline = force; }

static inline int use_popcnt(void) { return force_baseline != 1 && cpu_has_popcnt(); }

int gf_bit_count_uses_popcnt(void) { return use_popcnt(); }

#define DEFINE_POPCOUNT(name, attributes)                                                                      \
    static attributes long name(const uint64_t *words, long n) {                                             \
        long count = 0;                                                                                        \
        for (long i = 0; i < n; i++) count += __builtin_popcountll(words[i]);                                   \
        return count;                                                                                          \
    }
DEFINE_POPCOUNT(popcount_fast, POPCNT_PATH)
DEFINE_POPCOUNT(popcount_base, )

long gf_popcount(const uint64_t *words, long n) {
    return use_popcnt() ? popcount_fast(words, n) : popcount_base(words, n);
}

#define DEFINE_POPCOUNT_PAIR(name, attributes)                                                                 \
    static attributes void name(const uint64_t *a, const uint64_t *b, long n, long *a_count, long *b_count,   \
                                long *both) {                                                                  \
        long ca = 0, cb = 0, cab = 0;                                                                          \
        for (long i = 0; i < n; i++) {                                                                         \
            ca += __builtin_popcountll(a[i]);                                                                   \
            cb += __builtin_popcountll(b[i]);                                                                   \
            cab += __builtin_popcountll(a[i] & b[i]);                                                           \
        }                                                                                                      \
        *a_count = ca;                                                                                         \
        *b_count = cb;                                                                                         \
        *both = cab;                                                                                           \
    }
DEFINE_POPCOUNT_PAIR(pair_fast, POPCNT_PATH)
DEFINE_POPCOUNT_PAIR(pair_base, )

void gf_popcount_pair(const uint64_t *a, const uint64_t *b, long n, long *a_count, long *b_count, long *both) {
    if (use_popcnt()) pair_fast(a, b, n, a_count, b_count, both); else pair_base(a, b, n, a_count, b_count, both);
}

// One row loop for each of `count_shifted`'s values, so that the inner loop has no branch.
#define SHIFTED_ROWS(COUNT)                                                                                    \
    for (long y = first_row; y <= last_row; y++) {                                                             \
        const uint64_t *row = y >= target_first && y <= target_last                                             \
            ? target + (2 * (y - target_first) + 1) * words : target;                                          \
        const uint64_t *source = padded + ((2 * (y - dy) + 1) * words + word_offset);                          \
        for (long i = 0; i < words; i++) {                                                                     \
            uint64_t value = (source[i] << bit_shift) | ((source[i - 1] >> back) & carried);                    \
            if (COUNT) {                                                                                       \
                if (i == words - 1) value &= last_word_bits;                                                   \
                shifted += __builtin_popcountll(value);                                                         \
            }                                                                                                  \
            both += __builtin_popcountll(value & row[i]);                                                       \
        }                                                                                                      \
    }

#define DEFINE_SHIFTED_OVERLAP(name, attributes)                                                               \
    static attributes void name(const uint64_t *target, long target_first, long target_last,                 \
                                const uint64_t *padded, long words, long first_row, long last_row, long dy,    \
                                long word_offset, unsigned bit_shift, uint64_t carried,                        \
                                uint64_t last_word_bits, int count_shifted, long *intersection,                \
                                long *shifted_count) {                                                         \
        long both = 0, shifted = 0;                                                                            \
        const unsigned back = (64 - bit_shift) & 63;                                                           \
        if (count_shifted) {                                                                                   \
            SHIFTED_ROWS(1)                                                                                    \
        } else {                                                                                               \
            SHIFTED_ROWS(0)                                                                                    \
        }                                                                                                      \
        *intersection += both;                                                                                 \
        *shifted_count += shifted;                                                                             \
    }
DEFINE_SHIFTED_OVERLAP(overlap_fast, POPCNT_PATH)
DEFINE_SHIFTED_OVERLAP(overlap_base, )

void gf_shifted_overlap(const uint64_t *target, long target_first, long target_last, const uint64_t *padded, long words,
                        long first_row, long last_row, long dy, long word_offset, unsigned bit_shift, uint64_t carried,
                        uint64_t last_word_bits, int count_shifted, long *intersection, long *shifted_count) {
    (use_popcnt() ? overlap_fast : overlap_base)(target, target_first, target_last, padded, words, first_row, last_row, dy, word_offset,
                                                 bit_shift, carried, last_word_bits, count_shifted, intersection, shifted_count);
}

// Each reference outline is read once for the whole tile and then stays in the L1 cache while every outline of
// the tile (at most a few dozen, a kilobyte each with its band) is compared with it: a large reference set
// streams through memory once a tile, not once an outline.
#define DEFINE_OUTLINE_MATCHES(name, attributes)                                                                \
    static attributes void name(const uint64_t *tile_outlines, const uint64_t *tile_bands,                      \
                                const uint8_t *tile_firsts, const uint8_t *tile_lasts, long tile,               \
                                const uint64_t *outlines, const uint64_t *bands, const uint8_t *firsts,        \
                                const uint8_t *lasts, long words, long count, uint32_t *matched,               \
                                uint32_t *matched_other) {                                                     \
        for (long m = 0; m < count; m++) {                                                                     \
            const uint64_t *their_outline = outlines + m * words, *their_band = bands + m * words;             \
            for (long t = 0; t < tile; t++) {                                                                  \
                const uint64_t *outline = tile_outlines + t * words, *band = tile_bands + t * words;           \
                long from = tile_firsts[t] > firsts[m] ? tile_firsts[t] : firsts[m];                           \
                long to = tile_lasts[t] < lasts[m] ? tile_lasts[t] : lasts[m];                                 \
                long mine = 0, theirs = 0;                                                                     \
                for (long i = from; i <= to; i++) {                                                            \
                    mine += __builtin_popcountll(outline[i] & their_band[i]);                                  \
                    theirs += __builtin_popcountll(band[i] & their_outline[i]);                                \
                }                                                                                              \
                matched[t * count + m] = (uint32_t)mine;                                                       \
                matched_other[t * count + m] = (uint32_t)theirs;                                               \
            }                                                                                                  \
        }                                                                                                      \
    }
DEFINE_OUTLINE_MATCHES(outline_matches_fast, POPCNT_PATH)
DEFINE_OUTLINE_MATCHES(outline_matches_base, )

#if defined(__x86_64__)
#include <immintrin.h>

// With AVX-512's VPOPCNTQ (Ice Lake and later, Zen 4), eight rows are ANDed and counted a step. Rows outside
// a band are empty in it and in its outline, so the steps may start and end on multiples of eight (the frame's
// 64 rows are eight steps) and need no mask; the two counts, each at most 4,096, share one final sum.
static int cpu_has_vpopcntq(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
}

// One outline and band compared with another over the steps of eight rows that span `from` through `to`: each
// lane of `mine` counts the outline's pixels within the other band, each of `theirs` the other outline's within
// this band.
__attribute__((target("avx512f,avx512vpopcntdq"))) static inline void outline_steps(
    const uint64_t *outline, const uint64_t *band, const uint64_t *their_outline, const uint64_t *their_band, long from,
    long to, long words, int aligned, __m512i *mine, __m512i *theirs) {
    __m512i m = _mm512_setzero_si512(), t = _mm512_setzero_si512();
    for (long i = from & ~7L; i <= to && i < words; i += 8) {
        __m512i a, b, c, d;
        if (aligned) {
            a = _mm512_load_si512(outline + i), b = _mm512_load_si512(band + i);
            c = _mm512_load_si512(their_outline + i), d = _mm512_load_si512(their_band + i);
        } else {
            a = _mm512_loadu_si512(outline + i), b = _mm512_loadu_si512(band + i);
            c = _mm512_loadu_si512(their_outline + i), d = _mm512_loadu_si512(their_band + i);
        }
        m = _mm512_add_epi64(m, _mm512_popcnt_epi64(_mm512_and_si512(a, d)));
        t = _mm512_add_epi64(t, _mm512_popcnt_epi64(_mm512_and_si512(b, c)));
    }
    *mine = m;
    *theirs = t;
}

static inline int on_cache_line(const void *pointer) { return ((uintptr_t)pointer & 63) == 0; }

// A 64-byte load that straddles two cache lines costs about two, so the loads are aligned ones when every outline
// and band begins on a cache line (the callers' buffers do: `Realism.AlignedBuffer`).
__attribute__((target("avx512f,avx512vpopcntdq"))) static void outline_matches_avx512(
    const uint64_t *tile_outlines, const uint64_t *tile_bands, const uint8_t *tile_firsts, const uint8_t *tile_lasts, long tile,
    const uint64_t *outlines, const uint64_t *bands, const uint8_t *firsts, const uint8_t *lasts, long words, long count,
    uint32_t *matched, uint32_t *matched_other) {
    if (words % 8 != 0 || words > 64) {
        outline_matches_fast(tile_outlines, tile_bands, tile_firsts, tile_lasts, tile, outlines, bands, firsts, lasts, words, count,
                             matched, matched_other);
        return;
    }
    const int aligned = on_cache_line(tile_outlines) && on_cache_line(tile_bands) && on_cache_line(outlines) && on_cache_line(bands);
    // Two outlines of the tile a step, their four counts (each at most 4,096 over at most 64 rows) in the four
    // 16-bit fields of every lane, so that one sum across the lanes, the costly part, serves both.
    for (long m = 0; m < count; m++) {
        const uint64_t *their_outline = outlines + m * words, *their_band = bands + m * words;
        for (long t = 0; t < tile; t += 2) {
            __m512i sums = _mm512_setzero_si512();
            for (long k = 0; k < 2 && t + k < tile; k++) {
                long from = tile_firsts[t + k] > firsts[m] ? tile_firsts[t + k] : firsts[m];
                long to = tile_lasts[t + k] < lasts[m] ? tile_lasts[t + k] : lasts[m];
                __m512i mine, theirs;
                if (aligned) {
                    outline_steps(tile_outlines + (t + k) * words, tile_bands + (t + k) * words, their_outline, their_band, from, to,
                                  words, 1, &mine, &theirs);
                } else {
                    outline_steps(tile_outlines + (t + k) * words, tile_bands + (t + k) * words, their_outline, their_band, from, to,
                                  words, 0, &mine, &theirs);
                }
                sums = _mm512_add_epi64(sums, _mm512_slli_epi64(_mm512_add_epi64(mine, _mm512_slli_epi64(theirs, 16)), 32 * k));
            }
            uint64_t fields = (uint64_t)_mm512_reduce_add_epi64(sums);
            for (long k = 0; k < 2 && t + k < tile; k++) {
                matched[(t + k) * count + m] = (uint32_t)((fields >> (32 * k)) & 0xffff);
                matched_other[(t + k) * count + m] = (uint32_t)((fields >> (32 * k + 16)) & 0xffff);
            }
        }
    }
}
#else
static int cpu_has_vpopcntq(void) { return 0; }
#define outline_matches_avx512 outline_matches_base
#endif

void gf_outline_matches(const uint64_t *tile_outlines, const uint64_t *tile_bands, const uint8_t *tile_firsts,
                        const uint8_t *tile_lasts, long tile, const uint64_t *outlines, const uint64_t *bands,
                        const uint8_t *firsts, const uint8_t *lasts, long words, long count, uint32_t *matched,
                        uint32_t *matched_other) {
    if (use_popcnt() && force_baseline != 2 && cpu_has_vpopcntq()) {
        outline_matches_avx512(tile_outlines, tile_bands, tile_firsts, tile_lasts, tile, outlines, bands, firsts, lasts, words,
                               count, matched, matched_other);
    } else if (use_popcnt()) {
        outline_matches_fast(tile_outlines, tile_bands, tile_firsts, tile_lasts, tile, outlines, bands, firsts, lasts, words,
                             count, matched, matched_other);
    } else {
        outline_matches_base(tile_outlines, tile_bands, tile_firsts, tile_lasts, tile, outlines, bands, firsts, lasts, words,
                             count, matched, matched_other);
    }
}
