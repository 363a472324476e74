/* Recursion: Ackermann, Towers of Hanoi, N-queens, permutations, mutual recursion, a recursive-descent
 * flood fill and deep (non-tail) recursion, each with its known answer checked. */
#include <stdio.h>
#include <string.h>

static unsigned long ackermann(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static unsigned long hanoi_moves;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi(n - 1, via, to, from);
}

static int queens(int n, int row, unsigned columns, unsigned diagonals, unsigned antidiagonals)
{
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        unsigned d = 1u << (row + c), a = 1u << (row - c + n);
        if ((columns >> c) & 1 || diagonals & d || antidiagonals & a) continue;
        count += queens(n, row + 1, columns | 1u << c, diagonals | d, antidiagonals | a);
    }
    return count;
}

static char permutation[8];
static int permutations_printed;
static void permute(char *s, int k, int n)
{
    if (k == n) {
        if (permutations_printed++ < 6 || strcmp(s, "dcba") == 0) printf(" %s", s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static char grid[16][17] = {
    "################", "#......#.......#", "#.####.#.#####.#", "#.#..#...#...#.#", "#.#..#####.#.#.#",
    "#.#........#.#.#", "#.##########.#.#", "#............#.#", "##############.#", "#..............#",
    "#.############.#", "#.#..........#.#", "#.#.########.#.#", "#...#......#...#", "#####......#####", "################",
};
static int flood(int r, int c)
{
    if (r < 0 || r >= 16 || c < 0 || c >= 16 || grid[r][c] != '.') return 0;
    grid[r][c] = 'o';
    return 1 + flood(r + 1, c) + flood(r - 1, c) + flood(r, c + 1) + flood(r, c - 1);
}

static long depth_sum(long n) { return n == 0 ? 0 : n + depth_sum(n - 1) * 1; }

int main(void)
{
    int failures = 0;
    unsigned long a = ackermann(2, 3), b = ackermann(3, 6);
    printf("ackermann(2,3) = %lu, ackermann(3,6) = %lu\n", a, b);
    failures += a != 9 || b != 509;
    hanoi(20, 1, 3, 2);
    printf("hanoi(20) = %lu moves\n", hanoi_moves);
    failures += hanoi_moves != (1ul << 20) - 1;
    int known[] = { 1, 0, 0, 2, 10, 4, 40, 92, 352, 724 };
    for (int n = 1; n <= 10; n++) {
        int q = queens(n, 0, 0, 0, 0);
        printf("queens(%d) = %d\n", n, q);
        failures += q != known[n - 1];
    }
    strcpy(permutation, "abcd");
    printf("permutations of abcd:");
    permute(permutation, 0, 4);
    printf(" (%d in all)\n", permutations_printed);
    failures += permutations_printed != 24;
    printf("is_even(10001) = %d, is_odd(7777) = %d\n", is_even(10001), is_odd(7777));
    int filled = flood(1, 1);
    printf("flood fill reached %d cells\n", filled);
    for (int r = 0; r < 16; r++) printf("  %s\n", grid[r]);
    long deep = depth_sum(50000);
    printf("depth_sum(50000) = %ld\n", deep);
    failures += deep != 50000L * 50001 / 2;
    return failures;
}
