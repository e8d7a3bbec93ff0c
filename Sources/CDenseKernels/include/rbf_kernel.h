#ifndef GANFILTER_RBF_KERNEL_H
#define GANFILTER_RBF_KERNEL_H

/// The RBF kernel exp(-gamma * |x - v|^2), computed as exp(-gamma * max(|x|^2 + |v|^2 - 2 x . v, 0)), where the
/// dot product adds eight lanes of products in a fixed order and exp is a polynomial of its own (within two
/// units in the last place of libm's): every step is the same rounding in the same order on the AVX2 path and
/// on the baseline one, so the results have the same bits on every x86-64 machine.

/// out[t] = K(x, data[t]) for t < rows: a row of the kernel matrix, as the SVC keeps it: from the rows in float
/// (half the memory to stream; the dot products added in float), in float; `data` is row-major, `columns`
/// wide, and norms[t] = |data[t]|^2.
void ganfilter_rbf_row(const float *data, long rows, long columns, const double *norms, const float *x,
                       double x_norm, double gamma, float *out);

/// out[t] = |data[t]|^2 for t < rows, in float as `ganfilter_rbf_row` adds its dot products (so that a row's
/// distance to itself is exactly 0).
void ganfilter_rbf_norms(const float *data, long rows, long columns, double *out);

/// out[i] = intercept + sum over t of coefficients[t] * K(inputs[i], vectors[t]) for i < rows: the SVC's
/// decision function; norms[t] = |vectors[t]|^2. Each vector is read once for a block of inputs.
void ganfilter_rbf_decision(const double *vectors, long count, long columns, const double *norms,
                            const double *coefficients, double intercept, const double *inputs, long rows,
                            double gamma, double *out);

/// exp(x) for x <= 0 by the kernel's polynomial (0 below -708); for tests.
double ganfilter_rbf_exp(double x);

/// The two functions on the baseline instruction set whatever the CPU has (for tests of the two paths).
void ganfilter_rbf_row_baseline(const float *data, long rows, long columns, const double *norms, const float *x,
                                double x_norm, double gamma, float *out);
void ganfilter_rbf_decision_baseline(const double *vectors, long count, long columns, const double *norms,
                                     const double *coefficients, double intercept, const double *inputs, long rows,
                                     double gamma, double *out);

#endif
