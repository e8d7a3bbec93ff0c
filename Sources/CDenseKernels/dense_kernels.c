// No fused multiply-adds, in this file and in the headers it includes: the same roundings on every machine.
#pragma clang fp contract(off)

#include "dense_kernels.h"
#include "cpu_paths.h"


/// Sixteen floats, loaded and stored at any alignment.
typedef float lanes16 __attribute__((vector_size(64), aligned(4)));

/// Rows first ..< first + rows of c: `rows` rows by sixteen columns stay in registers over the whole sum; the
/// columns past the last sixteen are added in the same order, one column of the `rows` rows at a time.
static inline __attribute__((always_inline)) void product_block(const float *a, long outer_stride, long sum_stride,
                                                                const float *b, float *c, long sum, long columns,
                                                                long first, const long rows) {
    long column = 0;
    for (; column + 16 <= columns; column += 16) {
        lanes16 total[4];
        for (long r = 0; r < rows; r++) total[r] = *(const lanes16 *)(c + (first + r) * columns + column);
        for (long s = 0; s < sum; s++) {
            const lanes16 values = *(const lanes16 *)(b + s * columns + column);
            for (long r = 0; r < rows; r++) total[r] = total[r] + values * a[(first + r) * outer_stride + s * sum_stride];
        }
        for (long r = 0; r < rows; r++) *(lanes16 *)(c + (first + r) * columns + column) = total[r];
    }
    // A column at a time, the block's rows side by side: their sums are independent, so their additions overlap
    // instead of each waiting on the last (a network's output layer is one column).
    for (; column < columns; column++) {
        float total[4];
        for (long r = 0; r < rows; r++) total[r] = c[(first + r) * columns + column];
        for (long s = 0; s < sum; s++) {
            const float value = b[s * columns + column];
            for (long r = 0; r < rows; r++) total[r] = total[r] + a[(first + r) * outer_stride + s * sum_stride] * value;
        }
        for (long r = 0; r < rows; r++) c[(first + r) * columns + column] = total[r];
    }
}

/// Blocks of `rows` rows, then the rows left over one at a time.
static inline __attribute__((always_inline)) void product_blocks(const float *a, long outer_stride, long sum_stride,
                                                                 const float *b, float *c, long outer, long sum,
                                                                 long columns, const long rows) {
    long first = 0;
    for (; first + rows <= outer; first += rows) product_block(a, outer_stride, sum_stride, b, c, sum, columns, first, rows);
    for (; first < outer; first++) product_block(a, outer_stride, sum_stride, b, c, sum, columns, first, 1);
}

/// The baseline instruction set: two rows (sixteen SSE registers hold the two rows' sums and the operands).
void ganfilter_product_baseline(const float *a, long outer_stride, long sum_stride, const float *b, float *c,
                             long outer, long sum, long columns) {
    product_blocks(a, outer_stride, sum_stride, b, c, outer, sum, columns, 2);
}

/// AVX2 without FMA: four rows, eight-wide registers; the same roundings in the same order as the baseline.
AVX2_PATH static void product_avx2(const float *a, long outer_stride, long sum_stride, const float *b, float *c, long outer,
                                   long sum, long columns) {
    product_blocks(a, outer_stride, sum_stride, b, c, outer, sum, columns, 4);
}

void ganfilter_product(const float *a, long outer_stride, long sum_stride, const float *b, float *c,
                       long outer, long sum, long columns) {
    (cpu_has_avx2() ? product_avx2 : ganfilter_product_baseline)(a, outer_stride, sum_stride, b, c, outer, sum, columns);
}
