#ifndef GANFILTER_NODE_SPLIT_H
#define GANFILTER_NODE_SPLIT_H

/// The smallest and largest of values[samples[i]] over the node's `count` samples, compared as Swift's `min` and
/// `max` compare (`v < low ? v : low`, `v >= high ? v : high`), so the range is `DecisionTree`'s bit for bit.
/// Starts from +infinity and -infinity.
void ganfilter_node_range(const double *values, const long *samples, long count, double *low, double *high);

/// The weight of the node's samples whose value values[samples[i]] is at most `threshold`, and its positive part:
/// weights[s] and positive_weights[s] summed over those samples s. Which side a sample falls on is a coin toss
/// to the branch predictor, so the sums add each weight masked by its side, never branching on it.
void ganfilter_node_count_left(const double *values, const long *samples, long count, const long *weights,
                               const long *positive_weights, double threshold, long *left, long *positives);

#endif
