/* Floating-point maths: the C library's elementary functions, rounding functions, numerical integration,
 * Newton iteration, a series summation and single-precision arithmetic, printed with full precision. */
#include <stdio.h>
#include <math.h>
#include <float.h>

static double integrate(double (*f)(double), double a, double b, int steps)
{
    double h = (b - a) / steps, sum = 0.5 * (f(a) + f(b));
    for (int i = 1; i < steps; i++) sum += f(a + i * h);
    return sum * h;
}

static double gaussian(double x) { return exp(-x * x); }

static double newton_cuberoot(double v)
{
    double x = v > 1 ? v / 3 : 1;
    for (int i = 0; i < 60; i++) x -= (x * x * x - v) / (3 * x * x);
    return x;
}

int main(void)
{
    double inputs[] = { 0.0, 0.5, 1.0, 2.0, 3.14159265358979, 10.0, 100.5, 1e-8, 0.75 };
    for (int i = 0; i < 9; i++) {
        double x = inputs[i];
        printf("x=%-18.17g sqrt %.17g sin %.17g cos %.17g exp %.17g log1p %.17g atan %.17g tanh %.17g\n",
               x, sqrt(x), sin(x), cos(x), exp(x), log1p(x), atan(x), tanh(x));
        if (x > 0)
            printf("    log %.17g log10 %.17g pow(x,1.5) %.17g cbrt %.17g hypot(x,3) %.17g\n",
                   log(x), log10(x), pow(x, 1.5), cbrt(x), hypot(x, 3.0));
    }
    double rounders[] = { 2.5, -2.5, 3.5, -0.5, 1.49999999999999989, 1e300, -7.75 };
    for (int i = 0; i < 7; i++) {
        double x = rounders[i];
        printf("r=%-10g floor %g ceil %g trunc %g round %g rint %g nearbyint %g lround %ld fmod(x,2) %g\n",
               x, floor(x), ceil(x), trunc(x), round(x), rint(x), nearbyint(x), x < 1e18 ? lround(x) : 0L, fmod(x, 2.0));
    }
    printf("atan2: %.17g %.17g %.17g %.17g\n", atan2(1, 1), atan2(-1, -1), atan2(0.0, -0.0), atan2(-0.0, 1));
    printf("frexp/ldexp: ");
    for (int e = -3; e <= 3; e++) {
        int exponent;
        double m = frexp(ldexp(0.7, e * 100), &exponent);
        printf("(%g,%d) ", m, exponent);
    }
    printf("\ncopysign %g fabs %g fmin %g fmax %g fma %.17g\n", copysign(3, -0.0), fabs(-2.5), fmin(NAN, 1), fmax(-0.0, 0.0),
           fma(1 + DBL_EPSILON, 1 - DBL_EPSILON, -1));
    printf("nan checks: isnan %d isinf %d signbit(-0) %d isfinite %d\n", isnan(sqrt(-1.0)), isinf(1 / 0.0), signbit(-0.0) != 0,
           isfinite(DBL_MAX));
    printf("integral exp(-x^2) over [-5,5]: %.15f (sqrt(pi) = %.15f)\n", integrate(gaussian, -5, 5, 20000), sqrt(M_PI));
    printf("cube roots:");
    for (int v = 1; v <= 1000; v *= 10) printf(" %.17g", newton_cuberoot(v));
    double zeta2 = 0;
    for (int n = 100000; n >= 1; n--) zeta2 += 1.0 / ((double)n * n);
    printf("\nsum 1/n^2 = %.17g (pi^2/6 = %.17g)\n", zeta2, M_PI * M_PI / 6);
    float f = 1.0f;
    for (int i = 0; i < 30; i++) f = f * 1.1f + 0.3f / (f + 1.0f);
    printf("float recurrence: %.9g sqrtf %.9g sinf %.9g\n", f, sqrtf(f), sinf(f));
    double sum = 0, compensation = 0;
    for (int i = 0; i < 100000; i++) {
        double y = 0.1 - compensation, t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }
    printf("kahan sum of 0.1 x 100000: %.17g\n", sum);
    return 0;
}
