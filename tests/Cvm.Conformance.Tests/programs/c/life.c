/* Conway's Game of Life on a 40x24 torus: a glider gun-like seed plus pseudo-random soup, 200 generations, with
 * population and a hash per 20 generations and the final board printed; the glider alone must return to its
 * shape moved by one cell diagonally every four generations. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define W 40
#define H 24

static uint8_t board[H][W], next_board[H][W];

static void step(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    if (dx || dy) n += board[(y + dy + H) % H][(x + dx + W) % W];
            next_board[y][x] = n == 3 || (n == 2 && board[y][x]);
        }
    memcpy(board, next_board, sizeof board);
}

static uint64_t hash(void)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) h = (h ^ board[y][x]) * 0x100000001b3ull;
    return h;
}

static int population(void)
{
    int p = 0;
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) p += board[y][x];
    return p;
}

int main(void)
{
    static const int glider[5][2] = { { 1, 0 }, { 2, 1 }, { 0, 2 }, { 1, 2 }, { 2, 2 } };
    for (int i = 0; i < 5; i++) board[glider[i][1] + 3][glider[i][0] + 3] = 1;
    static uint8_t expected[H][W];
    for (int i = 0; i < 5; i++) expected[glider[i][1] + 4][glider[i][0] + 4] = 1;
    for (int g = 0; g < 4; g++) step();
    int glider_ok = memcmp(board, expected, sizeof board) == 0;
    printf("glider moved diagonally after 4 generations: %s\n", glider_ok ? "yes" : "NO");

    memset(board, 0, sizeof board);
    uint32_t seed = 2026;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            seed = seed * 1664525u + 1013904223u;
            board[y][x] = (seed >> 28) < 5;
        }
    for (int g = 1; g <= 200; g++) {
        step();
        if (g % 20 == 0) printf("generation %3d: population %4d hash %016llx\n", g, population(), (unsigned long long)hash());
    }
    for (int y = 0; y < H; y++) {
        char line[W + 1];
        for (int x = 0; x < W; x++) line[x] = board[y][x] ? '#' : '.';
        line[W] = 0;
        puts(line);
    }
    return glider_ok ? 0 : 1;
}
