/* Linear algebra: integer and double matrix products (naive and blocked must agree), Gaussian elimination with
 * partial pivoting (determinant and solution of a linear system, checked by its residual) and a power-iteration
 * estimate of the dominant eigenvalue. */
#include <stdio.h>
#include <stdint.h>
#include <math.h>

#define N 48

static int64_t ia[N][N], ib[N][N], ic[N][N], id[N][N];
static double da[N][N], db[N][N], dc[N][N];

int main(void)
{
    uint32_t seed = 12345;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            seed = seed * 1103515245u + 12345u;
            ia[i][j] = (int64_t)(seed >> 16) % 2001 - 1000;
            seed = seed * 1103515245u + 12345u;
            ib[i][j] = (int64_t)(seed >> 16) % 2001 - 1000;
            da[i][j] = (double)ia[i][j] / 997.0 + (i == j ? 50.0 : 0.0);
            db[i][j] = (double)ib[i][j] / 991.0;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t s = 0;
            for (int k = 0; k < N; k++) s += ia[i][k] * ib[k][j];
            ic[i][j] = s;
        }
    for (int ii = 0; ii < N; ii += 16)
        for (int kk = 0; kk < N; kk += 16)
            for (int jj = 0; jj < N; jj += 16)
                for (int i = ii; i < ii + 16; i++)
                    for (int k = kk; k < kk + 16; k++)
                        for (int j = jj; j < jj + 16; j++) id[i][j] += ia[i][k] * ib[k][j];
    int64_t trace = 0;
    int mismatches = 0;
    for (int i = 0; i < N; i++) {
        trace += ic[i][i];
        for (int j = 0; j < N; j++) mismatches += ic[i][j] != id[i][j];
    }
    printf("integer product: trace %lld, corner %lld %lld, blocked mismatches %d\n", (long long)trace, (long long)ic[0][0],
           (long long)ic[N - 1][N - 1], mismatches);

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += da[i][k] * db[k][j];
            dc[i][j] = s;
        }
    printf("double product: dc[0][0] %.17g dc[7][9] %.17g\n", dc[0][0], dc[7][9]);

    static double m[N][N + 1], original[N][N + 1];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) m[i][j] = da[i][j];
        m[i][N] = i + 1.0;
    }
    for (int i = 0; i < N; i++) for (int j = 0; j <= N; j++) original[i][j] = m[i][j];
    double log_det = 0;
    int sign = 1;
    for (int col = 0; col < N; col++) {
        int pivot = col;
        for (int r = col + 1; r < N; r++) if (fabs(m[r][col]) > fabs(m[pivot][col])) pivot = r;
        if (pivot != col) {
            sign = -sign;
            for (int j = 0; j <= N; j++) { double t = m[col][j]; m[col][j] = m[pivot][j]; m[pivot][j] = t; }
        }
        log_det += log(fabs(m[col][col]));
        if (m[col][col] < 0) sign = -sign;
        for (int r = col + 1; r < N; r++) {
            double f = m[r][col] / m[col][col];
            for (int j = col; j <= N; j++) m[r][j] -= f * m[col][j];
        }
    }
    double x[N];
    for (int i = N - 1; i >= 0; i--) {
        double s = m[i][N];
        for (int j = i + 1; j < N; j++) s -= m[i][j] * x[j];
        x[i] = s / m[i][i];
    }
    double residual = 0;
    for (int i = 0; i < N; i++) {
        double s = -original[i][N];
        for (int j = 0; j < N; j++) s += original[i][j] * x[j];
        residual = fmax(residual, fabs(s));
    }
    printf("determinant: sign %d, log|det| %.15f; x[0] %.17g x[%d] %.17g; residual below 1e-9: %d\n", sign, log_det, x[0], N - 1,
           x[N - 1], residual < 1e-9);

    double v[N], w[N], lambda = 0;
    for (int i = 0; i < N; i++) v[i] = 1.0;
    for (int iteration = 0; iteration < 200; iteration++) {
        double norm = 0;
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < N; j++) s += da[i][j] * v[j];
            w[i] = s;
            norm += s * s;
        }
        norm = sqrt(norm);
        for (int i = 0; i < N; i++) v[i] = w[i] / norm;
        lambda = norm;
    }
    printf("power iteration: dominant |eigenvalue| ~ %.12f\n", lambda);
    return mismatches != 0 || residual >= 1e-9;
}
