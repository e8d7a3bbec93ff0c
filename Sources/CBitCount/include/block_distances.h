#ifndef GF_BLOCK_DISTANCES_H
#define GF_BLOCK_DISTANCES_H

#include <stdint.h>

/// out[t * count + m] = sum over c < cells of |queries[t * cells + c] - grids[m * cells + c]| for t < tile and
/// m < count: the L1 distance of each of a tile of grids of block counts to each of `count` others (the reference
/// index's lower bound of two masks' symmetric difference). Each of the others is read once and compared with the
/// whole tile while it is in the L1 cache. Integer sums, the same on every path; AVX2 where the CPU has it.
void gf_block_distances(const uint8_t *queries, long tile, const uint8_t *grids, long cells, long count, uint32_t *out);

/// With 1, `gf_block_distances` takes the baseline path (SSE2), with 2 the AVX2 path where the CPU has it (for
/// tests that compare the paths); 0 restores the choice by the CPU.
void gf_block_distances_force_path(int path);

#endif
