/* Sorting: quicksort, merge sort, heap sort, insertion sort and the C library's qsort on pseudo-random,
 * sorted, reversed and duplicate-heavy arrays of 64-bit integers; every result is checked and checksummed. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define N 3000

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void quick_sort(int64_t *a, long lo, long hi)
{
    while (lo < hi) {
        int64_t pivot = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                int64_t t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { quick_sort(a, lo, j); lo = i; }
        else { quick_sort(a, i, hi); hi = j; }
    }
}

static void merge_sort(int64_t *a, int64_t *tmp, long n)
{
    if (n < 2) return;
    long half = n / 2;
    merge_sort(a, tmp, half);
    merge_sort(a + half, tmp, n - half);
    long i = 0, j = half, k = 0;
    while (i < half && j < n) tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
    while (i < half) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

static void sift_down(int64_t *a, long root, long n)
{
    for (;;) {
        long child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && a[child + 1] > a[child]) child++;
        if (a[root] >= a[child]) return;
        int64_t t = a[root]; a[root] = a[child]; a[child] = t;
        root = child;
    }
}

static void heap_sort(int64_t *a, long n)
{
    for (long i = n / 2 - 1; i >= 0; i--) sift_down(a, i, n);
    for (long end = n - 1; end > 0; end--) {
        int64_t t = a[0]; a[0] = a[end]; a[end] = t;
        sift_down(a, 0, end);
    }
}

static void insertion_sort(int64_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        int64_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static int compare(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int64_t input[N], work[N], scratch[N];

static uint64_t checksum(const int64_t *a, long n)
{
    uint64_t h = 1469598103934665603ull;
    for (long i = 0; i < n; i++) h = (h ^ (uint64_t)a[i]) * 1099511628211ull;
    return h;
}

static int sorted(const int64_t *a, long n)
{
    for (long i = 1; i < n; i++) if (a[i - 1] > a[i]) return 0;
    return 1;
}

int main(void)
{
    const char *shapes[] = { "random", "sorted", "reversed", "few-values", "signed-extremes" };
    int failures = 0;
    for (int shape = 0; shape < 5; shape++) {
        for (long i = 0; i < N; i++) {
            switch (shape) {
            case 0: input[i] = (int64_t)next_random(); break;
            case 1: input[i] = i * 3 - 1000; break;
            case 2: input[i] = (N - i) * 7; break;
            case 3: input[i] = (int64_t)(next_random() % 5) - 2; break;
            default: input[i] = (i & 1) ? INT64_MIN + (int64_t)i : INT64_MAX - (int64_t)i; break;
            }
        }
        uint64_t sums[5];
        for (int algorithm = 0; algorithm < 5; algorithm++) {
            memcpy(work, input, sizeof work);
            switch (algorithm) {
            case 0: quick_sort(work, 0, N - 1); break;
            case 1: merge_sort(work, scratch, N); break;
            case 2: heap_sort(work, N); break;
            case 3: insertion_sort(work, N); break;
            default: qsort(work, N, sizeof work[0], compare); break;
            }
            if (!sorted(work, N)) { printf("%s: algorithm %d did not sort\n", shapes[shape], algorithm); failures++; }
            sums[algorithm] = checksum(work, N);
        }
        for (int algorithm = 1; algorithm < 5; algorithm++)
            if (sums[algorithm] != sums[0]) { printf("%s: algorithm %d disagrees\n", shapes[shape], algorithm); failures++; }
        printf("%-16s min %20lld median %20lld max %20lld checksum %016llx\n", shapes[shape],
               (long long)work[0], (long long)work[N / 2], (long long)work[N - 1], (unsigned long long)sums[0]);
    }
    printf("%s\n", failures ? "FAILED" : "sorted");
    return failures;
}
