/* Test helper: report a failed expectation on the console and exit with the line number. */
#ifndef CHECK_H
#define CHECK_H
#include "cvm.h"

#define CHECK(condition) do { if (!(condition)) { cvm_puts("check failed: " #condition "\n"); cvm_exit(__LINE__); } } while (0)

static inline int bytes_equal(const char *a, const char *b, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) {
        if (a[i] != b[i]) return 0;
    }
    return 1;
}
#endif
