// glibc's allocator settings (mallopt), which the Glibc module leaves out.
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
