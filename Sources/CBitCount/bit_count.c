#include "bit_count.h"

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

static inline int use_popcnt(void) { return !force_baseline && cpu_has_popcnt(); }

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
        const uint64_t *row = target + y * words;                                                              \
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
    static attributes void name(const uint64_t *target, const uint64_t *padded, long words, long first_row,   \
                                long last_row, long dy, long word_offset, unsigned bit_shift, uint64_t carried, \
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

void gf_shifted_overlap(const uint64_t *target, const uint64_t *padded, long words, long first_row, long last_row, long dy,
                        long word_offset, unsigned bit_shift, uint64_t carried, uint64_t last_word_bits, int count_shifted,
                        long *intersection, long *shifted_count) {
    if (use_popcnt()) {
        overlap_fast(target, padded, words, first_row, last_row, dy, word_offset, bit_shift, carried, last_word_bits, count_shifted,
                     intersection, shifted_count);
    } else {
        overlap_base(target, padded, words, first_row, last_row, dy, word_offset, bit_shift, carried, last_word_bits, count_shifted,
                     intersection, shifted_count);
    }
}

#define DEFINE_OUTLINE_MATCHES(name, attributes)                                                               \
    static attributes void name(const uint64_t *outline, const uint64_t *band, long first, long last,          \
                                const uint64_t *outlines, const uint64_t *bands, const uint8_t *firsts,        \
                                const uint8_t *lasts, long words, long count, uint32_t *matched,               \
                                uint32_t *matched_other) {                                                     \
        for (long m = 0; m < count; m++) {                                                                     \
            const uint64_t *their_outline = outlines + m * words, *their_band = bands + m * words;             \
            long from = first > firsts[m] ? first : firsts[m], to = last < lasts[m] ? last : lasts[m];         \
            long mine = 0, theirs = 0;                                                                         \
            for (long i = from; i <= to; i++) {                                                                \
                mine += __builtin_popcountll(outline[i] & their_band[i]);                                      \
                theirs += __builtin_popcountll(band[i] & their_outline[i]);                                    \
            }                                                                                                  \
            matched[m] = (uint32_t)mine;                                                                       \
            matched_other[m] = (uint32_t)theirs;                                                               \
        }                                                                                                      \
    }
DEFINE_OUTLINE_MATCHES(outline_matches_fast, POPCNT_PATH)
DEFINE_OUTLINE_MATCHES(outline_matches_base, )

void gf_outline_matches(const uint64_t *outline, const uint64_t *band, long first, long last, const uint64_t *outlines,
                        const uint64_t *bands, const uint8_t *firsts, const uint8_t *lasts, long words, long count,
                        uint32_t *matched, uint32_t *matched_other) {
    if (use_popcnt()) {
        outline_matches_fast(outline, band, first, last, outlines, bands, firsts, lasts, words, count, matched, matched_other);
    } else {
        outline_matches_base(outline, band, first, last, outlines, bands, firsts, lasts, words, count, matched, matched_other);
    }
}
