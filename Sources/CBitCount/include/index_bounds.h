#ifndef GF_INDEX_BOUNDS_H
#define GF_INDEX_BOUNDS_H

#include <stdint.h>

/// What the reference index's bound needs of one reference mask (`Realism/ReferenceIndex`).
typedef struct {
    /// The centroid (column, row).
    double centroid_x, centroid_y;
    /// Pixel count; first and last row and column of the extent; canonical shift.
    int64_t count, first_row, last_row, first_column, last_column, shift_x, shift_y;
    /// |B Δ B moved one column| and |B Δ B moved one row|; the largest row and column counts.
    int64_t horizontal_change, vertical_change, widest_row, tallest_column;
    /// Pixels of the first k rows, last k rows, first k columns and last k columns of the extent, k = 1 ... 16:
    /// edges[16 e + k - 1] for edge e (0 top, 1 bottom, 2 left, 3 right).
    int32_t edges[64];
} gf_placement;

/// A mask measured against the index: its centroid (column, row), pixel count, canonical shift and pixels outside
/// the grid.
typedef struct {
    double x, y;
    int64_t count, shift_x, shift_y, outside;
} gf_query;

/// The index's upper bound of the aligned Dice of each of a tile of `tile` masks with each of `count` references,
/// from the L1 distances of their block grids (`distances[t * count + r]`): out[t * count + r] = (total -
/// max(0, outside + distances[t * count + r] - H |e_x| - V |e_y|)) / max(1, total - lost), for mask t of
/// `queries` in a frame of width x height. NaN where the pair's roundings differ by more than a pixel (the caller
/// bounds those otherwise). The alignment is `AlignedMask`'s, operation for operation. Each reference is read
/// once for the whole tile.
void gf_index_bounds(const gf_placement *placements, const uint32_t *distances, long count, const gf_query *queries, long tile,
                     long width, long height, double *out);

/// For tests: 0 takes the fastest path the CPU runs (SSE4.1 where it has it), 1 the baseline. Both give the same
/// bounds.
void gf_index_bounds_force_path(int path);

#endif
