#ifndef GF_BLOCK_DISTANCES_H
#define GF_BLOCK_DISTANCES_H

#include <stdint.h>

/// out[m] = sum over c < cells of |query[c] - grids[m * cells + c]| for m < count: the L1 distance of one grid of
/// block counts to each of `count` others (the reference index's lower bound of two masks' symmetric
/// difference). Integer sums, the same on every path; AVX2 where the CPU has it.
void gf_block_distances(const uint8_t *query, const uint8_t *grids, long cells, long count, uint32_t *out);

#endif
