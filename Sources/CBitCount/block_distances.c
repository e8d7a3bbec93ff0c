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

__attribute__((target("avx512f,avx512bw"))) static inline __m512i distance_lanes(const uint8_t *query, const uint8_t *grid, long cells) {
    __m512i sums = _mm512_setzero_si512();
    for (long c = 0; c < cells; c += 64) {
        __mmask64 bytes = cells - c >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (cells - c)) - 1);
        sums = _mm512_add_epi64(sums, _mm512_sad_epu8(_mm512_maskz_loadu_epi8(bytes, query + c), _mm512_maskz_loadu_epi8(bytes, grid + c)));
    }
    return sums;
}

// Several of the tile's distances share each lane, one in each field of a lane, so that one sum across the lanes,
// the costly part, serves them all: four in 16-bit fields where a distance cannot pass 65,535 (at most 257 cells
// of 255), else two in 32-bit fields where it cannot pass 2^32 - 1.
__attribute__((target("avx512f,avx512bw"))) static void distances_avx512(const uint8_t *queries, long tile, const uint8_t *grids,
                                                                        long cells, long count, uint32_t *out) {
    if (cells == 64) {
        // A scaled frame's 64 blocks (`Realism.ScaledReference`): one load a reference, four distances a sum.
        for (long m = 0; m < count; m++) {
            const __m512i grid = _mm512_loadu_si512(grids + m * 64);
            long t = 0;
            for (; t + 4 <= tile; t += 4) {
                __m512i sums = _mm512_sad_epu8(_mm512_loadu_si512(queries + t * 64), grid);
                sums = _mm512_add_epi64(sums, _mm512_slli_epi64(_mm512_sad_epu8(_mm512_loadu_si512(queries + (t + 1) * 64), grid), 16));
                sums = _mm512_add_epi64(sums, _mm512_slli_epi64(_mm512_sad_epu8(_mm512_loadu_si512(queries + (t + 2) * 64), grid), 32));
                sums = _mm512_add_epi64(sums, _mm512_slli_epi64(_mm512_sad_epu8(_mm512_loadu_si512(queries + (t + 3) * 64), grid), 48));
                uint64_t total = (uint64_t)_mm512_reduce_add_epi64(sums);
                for (long k = 0; k < 4; k++) out[(t + k) * count + m] = (uint32_t)((total >> (16 * k)) & 0xffff);
            }
            for (; t < tile; t++) {
                out[t * count + m] = (uint32_t)_mm512_reduce_add_epi64(_mm512_sad_epu8(_mm512_loadu_si512(queries + t * 64), grid));
            }
        }
        return;
    }
    const long shared = cells <= 65535 / 255 ? 4 : cells <= 4294967295L / 255 ? 2 : 1, bits = 64 / shared;
    const uint64_t field = bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;
    for (long m = 0; m < count; m++) for (long t = 0; t < tile; t += shared) {
        const uint8_t *grid = grids + m * cells;
        __m512i sums = _mm512_setzero_si512();
        for (long k = 0; k < shared && t + k < tile; k++) {
            sums = _mm512_add_epi64(sums, _mm512_slli_epi64(distance_lanes(queries + (t + k) * cells, grid, cells), (unsigned)(bits * k)));
        }
        uint64_t total = (uint64_t)_mm512_reduce_add_epi64(sums);
        for (long k = 0; k < shared && t + k < tile; k++) out[(t + k) * count + m] = (uint32_t)((total >> (bits * k)) & field);
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
