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

/// The index's upper bound of a mask's aligned Dice with each of `count` references, from the L1 distances of
/// their block grids: out[r] = (total - max(0, outside + distances[r] - H |e_x| - V |e_y|)) / max(1, total - lost),
/// where the mask has centroid (x, y), `mask_count` pixels, canonical shift (shift_x, shift_y) and `outside`
/// pixels outside the grid, and the frame is width x height. NaN where the pair's roundings differ by more than
/// a pixel (the caller bounds those otherwise). The alignment is `AlignedMask`'s, operation for operation.
void gf_index_bounds(const gf_placement *placements, const uint32_t *distances, long count, double x, double y, long mask_count,
                     long shift_x, long shift_y, long outside, long width, long height, double *out);

#endif
