/* printf-heavy formatting: integer conversions of every length modifier and flag, widths and precisions (literal
 * and from arguments), characters and strings, floating point in %f/%e/%g/%a with rounding at many precisions,
 * snprintf truncation and return values, and stderr output. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <limits.h>
#include <stddef.h>

/* Truncation by snprintf is one of the behaviours under test. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <math.h>

int main(void)
{
    long long values[] = { 0, 1, -1, 42, -42, 127, -128, 255, 65535, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        printf("[%lld] [%+lld] [% lld] [%20lld] [%-20lld|] [%020lld] [%.5lld] [%llx] [%llX] [%#llo] [%llu]\n",
               v, v, v, v, v, v, v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v);
        printf("  int [%d] [%i] [%5d] [%-5d|] [%05d] [%x] [%#x] [%o] [%u] short [%hd] [%hu] char [%hhd] [%hhu]\n",
               (int)v, (int)v, (int)v, (int)v, (int)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
               (short)v, (unsigned short)v, (signed char)v, (unsigned char)v);
    }
    printf("[%*d] [%-*d|] [%.*d] [%*.*d]\n", 8, 123, 8, 123, 6, 123, 10, 4, -7);
    printf("[%c%c%c] [%5c] [%-5c|]\n", 'a', 'b', 'c', 'x', 'y');
    printf("[%s] [%10s] [%-10s|] [%.3s] [%10.2s] [%%]\n", "hello", "hi", "hi", "truncate", "xyz");
    printf("[%zu] [%zd] [%td] [%jd] [%ju]\n", (size_t)123456789, (ptrdiff_t)-5, (ptrdiff_t)77, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);

    double doubles[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.5, 1e-5, 123456.789, 1e21, 6.02214076e23, 1.0 / 3.0,
                         2.0 / 3.0, 1e-310, 1.7976931348623157e308, 9.999999e-5, 0.5, 1.25, 100.0 };
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        double d = doubles[i];
        printf("%-24.17g f[%f] .0f[%.0f] .3f[%.3f] e[%e] .2e[%.2E] g[%g] .3g[%.3g] #g[%#g] +12.4f[%+12.4f] 012.3f[%012.3f]\n",
               d, d, d, d, d, d, d, d, d, d, d);
    }
    for (int precision = 0; precision <= 17; precision++) printf("%.*f ", precision, 2.0 / 3.0);
    printf("\n");
    for (int precision = 0; precision <= 12; precision++) printf("%.*e ", precision, 0.125);
    printf("\n");
    printf("halfway: %.0f %.0f %.0f %.0f %.1f %.1f %.2f\n", 0.5, 1.5, 2.5, -2.5, 0.25, 0.35, 1.005);
    printf("special: %f %e %g %F %E %G\n", INFINITY, -INFINITY, (double)NAN, INFINITY, -INFINITY, (double)NAN);
    printf("hex floats: %a %a %a %A\n", 1.0, -0.5, 0x1.fffffffffffffp+1023, 0x1p-1074);

    char buffer[16];
    int n = snprintf(buffer, sizeof buffer, "%s-%d-%s", "abcdefgh", 123456, "tail");
    printf("snprintf returned %d, kept \"%s\" (%zu chars)\n", n, buffer, strlen(buffer));
    n = snprintf(NULL, 0, "%0*d", 40, 7);
    printf("snprintf(NULL, 0) returned %d\n", n);
    n = sprintf(buffer, "%x%o", 0xabcu, 8u);
    printf("sprintf returned %d: %s\n", n, buffer);
    fprintf(stderr, "this line goes to stderr: %d\n", 99);
    n = printf("%s\n", "count me");
    printf("printf returned %d\n", n);
    return 0;
}
