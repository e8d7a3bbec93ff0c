// No fused multiply-adds: the alignment's rounding must be the Swift code's, operation for operation.
#pragma clang fp contract(off)

#include "index_bounds.h"
#include <math.h>
#include <stdlib.h>

/// At least the pixels of `lines` lines by one edge: exact up to 16, then `widest` for each further line.
static inline long leaving(const int32_t *edge, long lines, long widest) {
    return lines <= 16 ? edge[lines - 1] : edge[15] + (lines - 16) * widest;
}

// `floor` is a call into the C library on x86-64's baseline and one instruction (`roundsd`) with SSE4.1, which
// every x86-64 processor since 2008 has: the loop is compiled twice and the entry point takes the first the CPU
// runs. `floor` is exact, so both give the same bounds.
#if defined(__x86_64__)
#define SSE41_PATH __attribute__((target("sse4.1")))
static int cpu_has_sse41(void) { return __builtin_cpu_supports("sse4.1"); }
#else
#define SSE41_PATH
static int cpu_has_sse41(void) { return 0; }
#endif

#define DEFINE_INDEX_BOUNDS(name, attributes)                                                                  \
    static attributes void name(const gf_placement *placements, const uint32_t *distances, long count,         \
                                const gf_query *queries, long tile, long width, long height, double *out) {    \
        for (long r = 0; r < count; r++) {                                                                     \
            const gf_placement *p = placements + r;                                                            \
            for (long t = 0; t < tile; t++) {                                                                  \
                const gf_query *q = queries + t;                                                               \
                const long at = t * count + r;                                                                 \
                const long dx = (long)floor(q->x - p->centroid_x + 0.5), dy = (long)floor(q->y - p->centroid_y + 0.5); \
                const long ex = dx + q->shift_x - p->shift_x, ey = dy + q->shift_y - p->shift_y;               \
                if (labs(ex) > 1 || labs(ey) > 1) {                                                            \
                    out[at] = NAN;                                                                             \
                    continue;                                                                                  \
                }                                                                                              \
                const long total = q->count + p->count;                                                        \
                long difference = q->outside + (long)distances[at] - p->horizontal_change * labs(ex)           \
                                  - p->vertical_change * labs(ey);                                             \
                if (difference < 0) difference = 0;                                                            \
                long lost = 0;                                                                                 \
                if (p->first_row + dy < 0) lost += leaving(p->edges, -dy - p->first_row, p->widest_row);       \
                if (p->last_row + dy >= height)                                                                \
                    lost += leaving(p->edges + 16, p->last_row + dy - height + 1, p->widest_row);              \
                if (p->first_column + dx < 0) lost += leaving(p->edges + 32, -dx - p->first_column, p->tallest_column); \
                if (p->last_column + dx >= width)                                                              \
                    lost += leaving(p->edges + 48, p->last_column + dx - width + 1, p->tallest_column);        \
                const long numerator = total - difference, denominator = total - lost;                         \
                out[at] = (double)(numerator > 0 ? numerator : 0) / (double)(denominator > 1 ? denominator : 1); \
            }                                                                                                  \
        }                                                                                                      \
    }
DEFINE_INDEX_BOUNDS(index_bounds_sse41, SSE41_PATH)
DEFINE_INDEX_BOUNDS(index_bounds_base, )

static _Atomic int forced_path = 0;

void gf_index_bounds_force_path(int path) { forced_path = path; }

void gf_index_bounds(const gf_placement *placements, const uint32_t *distances, long count, const gf_query *queries, long tile,
                     long width, long height, double *out) {
    (forced_path == 0 && cpu_has_sse41() ? index_bounds_sse41 : index_bounds_base)(placements, distances, count, queries, tile, width,
                                                                                  height, out);
}
