#include "block_distances.h"

// The sum of absolute differences of bytes is one instruction on x86-64 (`psadbw`): sixteen bytes a step on the
// baseline (SSE2), thirty-two with AVX2 and sixty-four with AVX-512 (its last step masked) where the CPU has them
// (chosen at run time); the bytes past the last full step, and other CPUs, take the plain loop. Integer sums:
// every path gives the same numbers.

static _Atomic int forced_path = 0;

void gf_block_distances_force_path(int path) { forced_path = path; }

#if defined(__x86_64__)
#include <immintrin.h>

static int cpu_has_avx2(void) { return __builtin_cpu_supports("avx2"); }
static int cpu_has_avx512bw(void) { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"); }

__attribute__((target("avx512f,avx512bw"))) static void distances_avx512(const uint8_t *queries, long tile, const uint8_t *grids,
                                                                        long cells, long count, uint32_t *out) {
    for (long m = 0; m < count; m++) for (long t = 0; t < tile; t++) {
        const uint8_t *grid = grids + m * cells, *query = queries + t * cells;
        __m512i sums = _mm512_setzero_si512();
        for (long c = 0; c < cells; c += 64) {
            __mmask64 bytes = cells - c >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (cells - c)) - 1);
            sums = _mm512_add_epi64(sums, _mm512_sad_epu8(_mm512_maskz_loadu_epi8(bytes, query + c),
                                                          _mm512_maskz_loadu_epi8(bytes, grid + c)));
        }
        out[t * count + m] = (uint32_t)_mm512_reduce_add_epi64(sums);
    }
}

__attribute__((target("avx2"))) static void distances_avx2(const uint8_t *queries, long tile, const uint8_t *grids, long cells,
                                                            long count, uint32_t *out) {
    for (long m = 0; m < count; m++) for (long t = 0; t < tile; t++) {
        const uint8_t *grid = grids + m * cells, *query = queries + t * cells;
        __m256i sums = _mm256_setzero_si256();
        long c = 0;
        for (; c + 32 <= cells; c += 32) {
            sums = _mm256_add_epi64(sums, _mm256_sad_epu8(_mm256_loadu_si256((const __m256i *)(query + c)),
                                                          _mm256_loadu_si256((const __m256i *)(grid + c))));
        }
        uint64_t lanes[4];
        _mm256_storeu_si256((__m256i *)lanes, sums);
        uint64_t total = lanes[0] + lanes[1] + lanes[2] + lanes[3];
        for (; c < cells; c++) total += query[c] > grid[c] ? query[c] - grid[c] : grid[c] - query[c];
        out[t * count + m] = (uint32_t)total;
    }
}

static void distances_baseline(const uint8_t *queries, long tile, const uint8_t *grids, long cells, long count, uint32_t *out) {
    for (long m = 0; m < count; m++) for (long t = 0; t < tile; t++) {
        const uint8_t *grid = grids + m * cells, *query = queries + t * cells;
        __m128i sums = _mm_setzero_si128();
        long c = 0;
        for (; c + 16 <= cells; c += 16) {
            sums = _mm_add_epi64(sums, _mm_sad_epu8(_mm_loadu_si128((const __m128i *)(query + c)),
                                                    _mm_loadu_si128((const __m128i *)(grid + c))));
        }
        uint64_t lanes[2];
        _mm_storeu_si128((__m128i *)lanes, sums);
        uint64_t total = lanes[0] + lanes[1];
        for (; c < cells; c++) total += query[c] > grid[c] ? query[c] - grid[c] : grid[c] - query[c];
        out[t * count + m] = (uint32_t)total;
    }
}

void gf_block_distances(const uint8_t *queries, long tile, const uint8_t *grids, long cells, long count, uint32_t *out) {
    int path = forced_path;
    if (path == 0 && cpu_has_avx512bw()) {
        distances_avx512(queries, tile, grids, cells, count, out);
    } else if (path != 1 && cpu_has_avx2()) {
        distances_avx2(queries, tile, grids, cells, count, out);
    } else {
        distances_baseline(queries, tile, grids, cells, count, out);
    }
}

#else

void gf_block_distances(const uint8_t *queries, long tile, const uint8_t *grids, long cells, long count, uint32_t *out) {
    for (long m = 0; m < count; m++) for (long t = 0; t < tile; t++) {
        const uint8_t *grid = grids + m * cells, *query = queries + t * cells;
        uint32_t total = 0;
        for (long c = 0; c < cells; c++) total += query[c] > grid[c] ? query[c] - grid[c] : grid[c] - query[c];
        out[t * count + m] = total;
    }
}

#endif
