#ifndef GANFILTER_BIT_COUNT_H
#define GANFILTER_BIT_COUNT_H

#include <stdint.h>

/// Set bits of `words[0 ..< n]`.
long gf_popcount(const uint64_t *words, long n);

/// Set bits of `a[0 ..< n]`, of `b[0 ..< n]`, and of `a & b`, into `a_count`, `b_count` and `both`.
void gf_popcount_pair(const uint64_t *a, const uint64_t *b, long n, long *a_count, long *b_count, long *both);

/// The aligned overlap of a mask with a shifted other mask, over rows `first_row ... last_row` of `target`
/// (`words` words a row): row y of the other mask comes from `padded`, which holds each row at `2 y + 1` with
/// an empty row before each and after the last, so that word `i` of the shifted row is
/// `(p[i] << bit_shift) | ((p[i - 1] >> (64 - bit_shift)) & carried)` for `p = padded + (2 (y - dy) + 1) words
/// + word_offset`. Adds `|target & shifted|` to `intersection`, and with `count_shifted` `|shifted|` (its last
/// word masked by `last_word_bits`) to `shifted_count`.
void gf_shifted_overlap(const uint64_t *target, const uint64_t *padded, long words, long first_row, long last_row, long dy,
                        long word_offset, unsigned bit_shift, uint64_t carried, uint64_t last_word_bits, int count_shifted,
                        long *intersection, long *shifted_count);

/// For each of `count` other outlines (`outlines` and their bands `bands`, `words` words each, one after another):
/// `matched[m] = |outline & bands[m]|`, the outline's pixels within the other's band, and
/// `matched_other[m] = |band & outlines[m]|`, the other outline's pixels within this one's band (the boundary F1's
/// counts, `Realism/ScaledBoundary`). Only words `max(first, firsts[m]) ... min(last, lasts[m])` are read: each
/// band's first and last nonempty word (outside them both counts are 0, an outline lying within its band).
void gf_outline_matches(const uint64_t *outline, const uint64_t *band, long first, long last, const uint64_t *outlines,
                        const uint64_t *bands, const uint8_t *firsts, const uint8_t *lasts, long words, long count,
                        uint32_t *matched, uint32_t *matched_other);

/// Whether the population-count instruction is used (1) or the baseline's bit arithmetic (0).
int gf_bit_count_uses_popcnt(void);

/// With 1, every function takes the baseline path (for tests that compare the two paths); 0 restores the choice
/// by the CPU.
void gf_bit_count_force_baseline(int force);

#endif
