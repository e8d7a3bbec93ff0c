// No fused multiply-adds, in this file and in the headers it includes: the same roundings on every machine.
#pragma clang fp contract(off)

#include "standardise_rows.h"
#include "cpu_paths.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>


/// Value `index` of the raw little-endian values, widened to a double.
static inline __attribute__((always_inline)) double value_at(const unsigned char *raw, bool is_float32, long index) {
    if (is_float32) {
        uint32_t bits;
        memcpy(&bits, raw + index * 4, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        bits = __builtin_bswap32(bits);
#endif
        float value;
        memcpy(&value, &bits, 4);
        return value;
    }
    uint64_t bits;
    memcpy(&bits, raw + index * 8, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    bits = __builtin_bswap64(bits);
#endif
    double value;
    memcpy(&value, &bits, 8);
    return value;
}

/// One row: the plain formula over the whole row (a loop the compiler vectorises), then, only for a row where
/// some result is not finite, the overflow rule column by column.
static inline __attribute__((always_inline)) bool standardise_row(const unsigned char *raw, bool is_float32, long columns,
                                                                  const double *means, const double *scales, float *out) {
    long not_finite = 0;
    for (long j = 0; j < columns; j++) {
        const double x = value_at(raw, is_float32, j);
        const double result = (x - means[j]) / scales[j];
        // A count, not a flag: a sum the vectoriser can split across lanes.
        not_finite += !(fabs(result) <= DBL_MAX);
        not_finite += !(fabs(x) <= DBL_MAX);
        out[j] = (float)result;
    }
    if (not_finite == 0) return true;
    bool finite = true;
    for (long j = 0; j < columns; j++) {
        const double x = value_at(raw, is_float32, j);
        double result = (x - means[j]) / scales[j];
        if (!isfinite(result) && isfinite(x)) result = (x / 2 - means[j] / 2) / (scales[j] / 2);
        finite = finite && isfinite(result) && isfinite(x);
        out[j] = (float)result;
    }
    return finite;
}

static inline __attribute__((always_inline)) void standardise_rows(const void *raw, bool is_float32, long rows, long columns,
                                                                   const double *means, const double *scales, float *out,
                                                                   bool *finite) {
    // Two loops, so that each inlines its own element type and vectorises.
    if (is_float32) {
        for (long i = 0; i < rows; i++) {
            finite[i] = standardise_row((const unsigned char *)raw + i * columns * 4, true, columns, means, scales, out + i * columns);
        }
    } else {
        for (long i = 0; i < rows; i++) {
            finite[i] = standardise_row((const unsigned char *)raw + i * columns * 8, false, columns, means, scales, out + i * columns);
        }
    }
}

void ganfilter_standardise_rows_baseline(const void *raw, bool is_float32, long rows, long columns, const double *means,
                                         const double *scales, float *out, bool *finite) {
    standardise_rows(raw, is_float32, rows, columns, means, scales, out, finite);
}

AVX2_PATH static void standardise_rows_avx2(const void *raw, bool is_float32, long rows, long columns, const double *means,
                                            const double *scales, float *out, bool *finite) {
    standardise_rows(raw, is_float32, rows, columns, means, scales, out, finite);
}

void ganfilter_standardise_rows(const void *raw, bool is_float32, long rows, long columns, const double *means,
                                const double *scales, float *out, bool *finite) {
    (cpu_has_avx2() ? standardise_rows_avx2 : ganfilter_standardise_rows_baseline)(raw, is_float32, rows, columns, means,
                                                                                   scales, out, finite);
}
