// No fused multiply-adds, in this file and in the headers it includes: the same roundings on every machine.
#pragma clang fp contract(off)

#include "rbf_kernel.h"
#include "cpu_paths.h"
#include "dot_products.h"
#include <stdint.h>
#include <string.h>


/// exp(x) for x <= 0 without a branch (so that loops of it vectorise): x = k ln 2 + r with |r| <= ln 2 / 2
/// (Cody and Waite's two-part ln 2, exact for these k), exp(r) by its Taylor polynomial to degree 13 (truncation
/// below 1e-17), times 2^k built in the exponent bits. Below -708 (where exp leaves the normal doubles) it is 0.
static inline __attribute__((always_inline)) double exp_nonpositive(double x) {
    const double clamped = x < -708.0 ? -708.0 : x;
    const double shifted = clamped * 0x1.71547652b82fep0 + 0x1.8p52;  // k in the low bits: round to nearest
    const double k = shifted - 0x1.8p52;
    const double r = (clamped - k * 0x1.62e42feep-1) - k * 0x1.a39ef35793c76p-33;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    const uint64_t scaleBits = (bits + 1023) << 52;  // 2^k: k + 1023 is the low twelve bits
    double scale;
    memcpy(&scale, &scaleBits, sizeof scale);
    const double value = p * scale;
    return x < -708.0 ? 0.0 : value;
}

double ganfilter_rbf_exp(double x) { return exp_nonpositive(x); }

/// -gamma * max(squared distance, 0), from the norms and the dot product.
static inline __attribute__((always_inline)) double exponent(double gamma, double norm_a, double norm_b, double dot_ab) {
    const double distance = norm_a + norm_b - 2 * dot_ab;
    return -gamma * (distance > 0 ? distance : 0);
}

/// Rows are taken `span` at a time: their dot products first, then their exponentials in one vectorised loop.
enum { span = 64 };

static inline __attribute__((always_inline)) void rbf_row(const float *data, long rows, long columns, const double *norms,
                                                          const float *x, double x_norm, double gamma, float *out) {
    double exponents[span];
    for (long first = 0; first < rows; first += span) {
        const long count = rows - first < span ? rows - first : span;
        long t = 0;
        for (; t + 4 <= count; t += 4) {
            const float *row = data + (first + t) * columns;
            double dots[4];
            dot4_float(x, row, row + columns, row + 2 * columns, row + 3 * columns, columns, dots);
            for (int r = 0; r < 4; r++) exponents[t + r] = exponent(gamma, x_norm, norms[first + t + r], dots[r]);
        }
        for (; t < count; t++) {
            const float *row = data + (first + t) * columns;
            double dots[4];
            dot4_float(x, row, row, row, row, columns, dots);
            exponents[t] = exponent(gamma, x_norm, norms[first + t], dots[0]);
        }
        for (long t = 0; t < count; t++) out[first + t] = (float)exp_nonpositive(exponents[t]);
    }
}

/// Adds to out[first ..< first + block] (block 1 or 4) the terms of `count` vectors, in their order; each vector
/// row is loaded once for the whole block.
static inline __attribute__((always_inline)) void decision_block(const double *vectors, long count, long columns,
                                                                 const double *norms, const double *coefficients,
                                                                 const double *inputs, double gamma, double *out,
                                                                 long first, const long block) {
    const double *x[4];
    for (long b = 0; b < 4; b++) x[b] = inputs + (first + (b < block ? b : 0)) * columns;
    double input_norms[4];
    for (long b = 0; b < block; b++) {
        double norm[4];
        dot4_double(x[b], x[b], x[b], x[b], x[b], columns, norm);
        input_norms[b] = norm[0];
    }
    double exponents[4][span];
    for (long start = 0; start < count; start += span) {
        const long n = count - start < span ? count - start : span;
        for (long t = 0; t < n; t++) {
            double dots[4];
            dot4_double(vectors + (start + t) * columns, x[0], x[1], x[2], x[3], columns, dots);
            for (long b = 0; b < block; b++) exponents[b][t] = exponent(gamma, input_norms[b], norms[start + t], dots[b]);
        }
        for (long b = 0; b < block; b++) {
            for (long t = 0; t < n; t++) exponents[b][t] = exp_nonpositive(exponents[b][t]);
            double total = out[first + b];
            for (long t = 0; t < n; t++) total += coefficients[start + t] * exponents[b][t];
            out[first + b] = total;
        }
    }
}

/// Vectors are taken `vectorSpan` at a time (a quarter megabyte at 128 columns, which stays in the core's cache)
/// for every input, so each vector is read from memory once per call rather than once per input.
enum { vectorSpan = 256 };

static inline __attribute__((always_inline)) void rbf_decision(const double *vectors, long count, long columns,
                                                               const double *norms, const double *coefficients,
                                                               double intercept, const double *inputs, long rows,
                                                               double gamma, double *out) {
    for (long row = 0; row < rows; row++) out[row] = intercept;
    for (long start = 0; start < count; start += vectorSpan) {
        const long n = count - start < vectorSpan ? count - start : vectorSpan;
        const double *chunk = vectors + start * columns;
        long first = 0;
        for (; first + 4 <= rows; first += 4) {
            decision_block(chunk, n, columns, norms + start, coefficients + start, inputs, gamma, out, first, 4);
        }
        for (; first < rows; first++) decision_block(chunk, n, columns, norms + start, coefficients + start, inputs, gamma, out, first, 1);
    }
}

void ganfilter_rbf_norms(const float *data, long rows, long columns, double *out) {
    for (long t = 0; t < rows; t++) {
        const float *row = data + t * columns;
        double norm[4];
        dot4_float(row, row, row, row, row, columns, norm);
        out[t] = norm[0];
    }
}

void ganfilter_rbf_row_baseline(const float *data, long rows, long columns, const double *norms, const float *x,
                                double x_norm, double gamma, float *out) {
    rbf_row(data, rows, columns, norms, x, x_norm, gamma, out);
}

void ganfilter_rbf_decision_baseline(const double *vectors, long count, long columns, const double *norms,
                                     const double *coefficients, double intercept, const double *inputs, long rows,
                                     double gamma, double *out) {
    rbf_decision(vectors, count, columns, norms, coefficients, intercept, inputs, rows, gamma, out);
}

/// AVX2 without FMA: four doubles a register, the same roundings in the same order as the baseline.
AVX2_PATH static void rbf_row_avx2(const float *data, long rows, long columns, const double *norms, const float *x,
                                   double x_norm, double gamma, float *out) {
    rbf_row(data, rows, columns, norms, x, x_norm, gamma, out);
}

AVX2_PATH static void rbf_decision_avx2(const double *vectors, long count, long columns, const double *norms,
                                        const double *coefficients, double intercept, const double *inputs, long rows,
                                        double gamma, double *out) {
    rbf_decision(vectors, count, columns, norms, coefficients, intercept, inputs, rows, gamma, out);
}

void ganfilter_rbf_row(const float *data, long rows, long columns, const double *norms, const float *x,
                       double x_norm, double gamma, float *out) {
    (cpu_has_avx2() ? rbf_row_avx2 : ganfilter_rbf_row_baseline)(data, rows, columns, norms, x, x_norm, gamma, out);
}

void ganfilter_rbf_decision(const double *vectors, long count, long columns, const double *norms,
                            const double *coefficients, double intercept, const double *inputs, long rows,
                            double gamma, double *out) {
    (cpu_has_avx2() ? rbf_decision_avx2 : ganfilter_rbf_decision_baseline)(vectors, count, columns, norms, coefficients,
                                                                           intercept, inputs, rows, gamma, out);
}
