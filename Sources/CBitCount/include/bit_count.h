#ifndef GANFILTER_BIT_COUNT_H
#define GANFILTER_BIT_COUNT_H

#include <stdint.h>

/// Set bits of `words[0 ..< n]`.
long gf_popcount(const uint64_t *words, long n);

/// Set bits of `a[0 ..< n]`, of `b[0 ..< n]`, and of `a & b`, into `a_count`, `b_count` and `both`.
void gf_popcount_pair(const uint64_t *a, const uint64_t *b, long n, long *a_count, long *b_count, long *both);

/// The aligned overlap of a mask with a shifted other mask, over rows `first_row ... last_row` (`words` words a
/// row). Both masks are held padded: each row at `2 y + 1` rows (of `words` words) from the start, with an empty
/// row before each and after the last. Row y of the target is `target`'s row `y - target_first` when y lies in
/// `target_first ... target_last` and empty otherwise (the target's first row, `target[0 ..< words]`, is empty);
/// row y of the other mask comes from `padded` at `p = padded + (2 (y - dy) + 1) words + word_offset` (y - dy
/// must be one of its rows), so that word `i` of the shifted row is
/// `(p[i] << bit_shift) | ((p[i - 1] >> (64 - bit_shift)) & carried)`. Adds `|target & shifted|` to
/// `intersection`, and with `count_shifted` `|shifted|` (its last word masked by `last_word_bits`) to
/// `shifted_count`.
void gf_shifted_overlap(const uint64_t *target, long target_first, long target_last, const uint64_t *padded, long words,
                        long first_row, long last_row, long dy, long word_offset, unsigned bit_shift, uint64_t carried,
                        uint64_t last_word_bits, int count_shifted, long *intersection, long *shifted_count);

/// For each outline `t` of a tile of `tile` (`tile_outlines` and their bands `tile_bands`, `words` words each, one
/// after another, with each band's first and last nonempty word in `tile_firsts` and `tile_lasts`) and each of
/// `count` other outlines (`outlines`, `bands`, `firsts`, `lasts`, alike): `matched[t * count + m] =
/// |outline_t & bands[m]|`, the outline's pixels within the other's band, and `matched_other[t * count + m] =
/// |band_t & outlines[m]|`, the other outline's pixels within this one's band (the boundary F1's counts,
/// `Realism/ScaledBoundary`). Each outline and band is empty outside its band's first and last nonempty word
/// (`tile_firsts[t] ... tile_lasts[t]`, `firsts[m] ... lasts[m]`; a first past its last for an empty band), so
/// that only the words both hold need be read; a path may read more.
void gf_outline_matches(const uint64_t *tile_outlines, const uint64_t *tile_bands, const uint8_t *tile_firsts,
                        const uint8_t *tile_lasts, long tile, const uint64_t *outlines, const uint64_t *bands,
                        const uint8_t *firsts, const uint8_t *lasts, long words, long count, uint32_t *matched,
                        uint32_t *matched_other);

/// Whether the population-count instruction is used (1) or the baseline's bit arithmetic (0).
int gf_bit_count_uses_popcnt(void);

/// With 1, every function takes the baseline path, and with 2 the POPCNT path without AVX-512 (for tests that
/// compare the paths); 0 restores the choice by the CPU.
void gf_bit_count_force_baseline(int force);

#endif
