#ifndef GANFILTER_STANDARDISE_ROWS_H
#define GANFILTER_STANDARDISE_ROWS_H

#include <stdbool.h>

/// Rows of raw little-endian vectors standardised into the floats a network reads: for the value x of column j
/// (float32 when `is_float32`, else float64, at any alignment), widened to a double,
/// out[i * columns + j] = (float)((x - means[j]) / scales[j]), or, where that is not finite but x is (a
/// difference of two huge values that overflows), (float)((x / 2 - means[j] / 2) / (scales[j] / 2)): the same
/// double operations in the same order as `StandardScaler.standardise`, so the floats are its, bit for bit.
/// finite[i] is whether every value of row i and every standardised value is finite. AVX2 where the CPU has it.
void ganfilter_standardise_rows(const void *raw, bool is_float32, long rows, long columns, const double *means,
                                const double *scales, float *out, bool *finite);

/// `ganfilter_standardise_rows` on the baseline instruction set whatever the CPU has (for tests of the two paths).
void ganfilter_standardise_rows_baseline(const void *raw, bool is_float32, long rows, long columns, const double *means,
                                         const double *scales, float *out, bool *finite);

#endif
