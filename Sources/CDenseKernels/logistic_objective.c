// No fused multiply-adds, in this file and in the headers it includes: the same roundings on every machine.
#pragma clang fp contract(off)

#include "logistic_objective.h"
#include "cpu_paths.h"
#include "dot_products.h"
#include <math.h>


static inline __attribute__((always_inline)) void terms(bool positive, double cost, double z, double *loss, double *residual) {
    const double e = exp(-fabs(z));
    const double t = positive ? z : -z;
    *loss = cost * (t > 0 ? log1p(e) : -t + log1p(e));
    *residual = cost * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - (positive ? 1 : 0));
}

void ganfilter_logistic_terms(bool positive, double cost, double z, double *loss, double *residual) {
    terms(positive, cost, z, loss, residual);
}

static inline __attribute__((always_inline)) double objective(const double *data, long rows, long columns, const bool *labels,
                                                              const double *costs, const double *x, double *gradient) {
    double total = 0;
    for (long first = 0; first < rows; first += 4) {
        const long block = rows - first < 4 ? rows - first : 4;
        const double *row[4];
        for (long r = 0; r < 4; r++) row[r] = data + (first + (r < block ? r : 0)) * columns;
        double margins[4], residuals[4] = {0, 0, 0, 0};
        dot4_double(x, row[0], row[1], row[2], row[3], columns, margins);
        for (long r = 0; r < block; r++) {
            double loss;
            terms(labels[first + r], costs[first + r], x[columns] + margins[r], &loss, &residuals[r]);
            total += loss;
            gradient[columns] += residuals[r];
        }
        // Rows past the block's end repeat its first row with a zero residual, so they add zero; every column
        // takes the rows' terms in row order.
        for (long c = 0; c < columns; c++) {
            double g = gradient[c];
            g += residuals[0] * row[0][c];
            g += residuals[1] * row[1][c];
            g += residuals[2] * row[2][c];
            g += residuals[3] * row[3][c];
            gradient[c] = g;
        }
    }
    return total;
}

double ganfilter_logistic_objective_baseline(const double *data, long rows, long columns, const bool *labels,
                                             const double *costs, const double *x, double *gradient) {
    return objective(data, rows, columns, labels, costs, x, gradient);
}

AVX2_PATH static double objective_avx2(const double *data, long rows, long columns, const bool *labels, const double *costs,
                                      const double *x, double *gradient) {
    return objective(data, rows, columns, labels, costs, x, gradient);
}

double ganfilter_logistic_objective(const double *data, long rows, long columns, const bool *labels, const double *costs,
                                    const double *x, double *gradient) {
    return (cpu_has_avx2() ? objective_avx2 : ganfilter_logistic_objective_baseline)(data, rows, columns, labels, costs, x, gradient);
}
