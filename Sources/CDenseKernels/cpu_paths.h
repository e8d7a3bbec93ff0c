#ifndef GANFILTER_CPU_PATHS_H
#define GANFILTER_CPU_PATHS_H

// How each kernel picks its path (not part of the module's interface): the kernel is compiled twice, once as
// `AVX2_PATH` and once on the baseline instruction set, and its entry point calls the first where
// `cpu_has_avx2()`. Elsewhere than x86-64 both are the baseline.

#if defined(__x86_64__)
#define AVX2_PATH __attribute__((target("avx2")))
static inline int cpu_has_avx2(void) { return __builtin_cpu_supports("avx2"); }
#else
#define AVX2_PATH
static inline int cpu_has_avx2(void) { return 0; }
#endif

#endif
