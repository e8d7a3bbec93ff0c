#ifndef GANFILTER_LOGISTIC_OBJECTIVE_H
#define GANFILTER_LOGISTIC_OBJECTIVE_H

#include <stdbool.h>

/// Row i's logistic loss cost * log(1 + exp(-t)) (t = z for a positive, -z for a negative, without overflow)
/// and its derivative cost * (p - y) at margin z: one exp(-|z|) serves both.
void ganfilter_logistic_terms(bool positive, double cost, double z, double *loss, double *residual);

/// The logistic data term sum over rows of cost[i] * logloss_i at x (the `columns` weights, then the
/// intercept), returned, with its gradient added to gradient[0 ... columns]: one pass over the row-major
/// `data`, four rows at a time (eight lanes of products each, added in a fixed order; the gradient takes the
/// rows' terms one after another in row order), the same roundings in the same order on the AVX2 path and
/// the baseline one.
double ganfilter_logistic_objective(const double *data, long rows, long columns, const bool *labels, const double *costs,
                                    const double *x, double *gradient);

/// `ganfilter_logistic_objective` on the baseline instruction set whatever the CPU has (for tests).
double ganfilter_logistic_objective_baseline(const double *data, long rows, long columns, const bool *labels,
                                             const double *costs, const double *x, double *gradient);

#endif
