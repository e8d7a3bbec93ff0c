#ifndef GF_CSV_SEPARATORS_H
#define GF_CSV_SEPARATORS_H

#include <stdint.h>

/// Marks the field separators of CSV text: for each step w of 64 bytes of `bytes[0..<count]` (the last one may be
/// short), bit b of `separators[w]` is set when byte 64w + b is a comma or a line feed. `separators` holds
/// (count + 63) / 64 words. `*marked` receives the number of bits set. Returns 1 when the text holds a quote or a
/// carriage return (which the marks alone cannot parse), else 0. SSE2 on the baseline, AVX2 where the CPU has
/// it; every path gives the same words.
int gf_csv_separators(const uint8_t *bytes, long count, uint64_t *separators, long *marked);

/// `gf_csv_separators` on the baseline path whatever the CPU, for tests that compare the two.
int gf_csv_separators_baseline(const uint8_t *bytes, long count, uint64_t *separators, long *marked);

#endif
