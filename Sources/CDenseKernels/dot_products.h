#ifndef GANFILTER_DOT_PRODUCTS_H
#define GANFILTER_DOT_PRODUCTS_H

// The dot products the kernels share (not part of the module's interface).

/// out[r] = a . b[r] for four rows b[r] at once (four independent chains of additions; one chain would wait on
/// each addition): eight lanes of products in `scalar`, the lanes added pairwise in a fixed order, then the
/// columns past the last eight one by one. One row's dot product is the block's with the row four times.
#define DEFINE_DOT4(name, scalar)                                                                                    \
    static inline __attribute__((always_inline)) void name(const scalar *a, const scalar *b0, const scalar *b1,     \
                                                           const scalar *b2, const scalar *b3, long n, double out[4]) { \
        scalar lanes[4][8] = {{0}};                                                                                \
        long k = 0;                                                                                                \
        for (; k + 8 <= n; k += 8) {                                                                               \
            for (int l = 0; l < 8; l++) {                                                                          \
                const scalar value = a[k + l];                                                                     \
                lanes[0][l] += value * b0[k + l];                                                                  \
                lanes[1][l] += value * b1[k + l];                                                                  \
                lanes[2][l] += value * b2[k + l];                                                                  \
                lanes[3][l] += value * b3[k + l];                                                                  \
            }                                                                                                      \
        }                                                                                                          \
        const scalar *rows[4] = {b0, b1, b2, b3};                                                                  \
        for (int r = 0; r < 4; r++) {                                                                              \
            const scalar *lane = lanes[r];                                                                         \
            scalar sum = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7])); \
            for (long rest = k; rest < n; rest++) sum += a[rest] * rows[r][rest];                                  \
            out[r] = sum;                                                                                          \
        }                                                                                                          \
    }

DEFINE_DOT4(dot4_float, float)
DEFINE_DOT4(dot4_double, double)

#endif
