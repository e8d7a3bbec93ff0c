#include "node_split.h"
#include <math.h>

void ganfilter_node_range(const double *values, const long *samples, long count, double *low, double *high) {
    double lowest = INFINITY, highest = -INFINITY;
    for (long i = 0; i < count; i++) {
        const double v = values[samples[i]];
        lowest = v < lowest ? v : lowest;
        highest = v >= highest ? v : highest;
    }
    *low = lowest;
    *high = highest;
}

void ganfilter_node_count_left(const double *values, const long *samples, long count, const long *weights,
                               const long *positive_weights, double threshold, long *left, long *positives) {
    unsigned long total = 0, positive = 0;
    for (long i = 0; i < count; i++) {
        const long s = samples[i];
        unsigned long goes_left = -(unsigned long)(values[s] <= threshold);
        // Opaque to the optimiser, which would otherwise turn the masks back into a branch around the loads.
        __asm__("" : "+r"(goes_left));
        total += (unsigned long)weights[s] & goes_left;
        positive += (unsigned long)positive_weights[s] & goes_left;
    }
    *left = (long)total;
    *positives = (long)positive;
}
