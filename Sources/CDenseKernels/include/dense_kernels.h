#ifndef GANFILTER_DENSE_KERNELS_H
#define GANFILTER_DENSE_KERNELS_H

/// c[i, :] += sum over s of a(i, s) * b[s, :] for `outer` rows of c (`columns` wide) and `sum` rows of b, where
/// a(i, s) = a[i * outer_stride + s * sum_stride]. Every element of c adds its products one by one in order of
/// s, each product rounded before the addition (no fused multiply-add), so the result is the plain loop's on
/// every CPU; AVX2 is used where the CPU has it.
void ganfilter_product(const float *a, long outer_stride, long sum_stride, const float *b, float *c,
                       long outer, long sum, long columns);

/// `ganfilter_product` on the baseline instruction set whatever the CPU has (for tests of the two paths).
void ganfilter_product_baseline(const float *a, long outer_stride, long sum_stride, const float *b, float *c,
                                long outer, long sum, long columns);

#endif
