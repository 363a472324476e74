/* Big numbers: arbitrary-precision decimal arithmetic in base 10^9 limbs (factorials, powers of two, Fibonacci
 * numbers, a long multiplication and an exact division), printed in full. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define LIMBS 400
#define BASE 1000000000u

typedef struct { uint32_t limb[LIMBS]; int used; } big;

static void big_set(big *x, uint32_t v) { memset(x, 0, sizeof *x); x->limb[0] = v; x->used = 1; }

static void big_mul_small(big *x, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < x->used; i++) {
        uint64_t t = (uint64_t)x->limb[i] * m + carry;
        x->limb[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) { x->limb[x->used++] = (uint32_t)(carry % BASE); carry /= BASE; }
}

static void big_add(big *r, const big *a, const big *b)
{
    uint32_t carry = 0;
    int n = a->used > b->used ? a->used : b->used;
    for (int i = 0; i < n; i++) {
        uint32_t t = a->limb[i] + b->limb[i] + carry;
        carry = t >= BASE;
        r->limb[i] = carry ? t - BASE : t;
    }
    r->used = n;
    if (carry) r->limb[r->used++] = 1;
}

static void big_mul(big *r, const big *a, const big *b)
{
    static uint64_t acc[2 * LIMBS];
    memset(acc, 0, sizeof acc);
    for (int i = 0; i < a->used; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < b->used || carry; j++) {
            uint64_t t = acc[i + j] + carry + (j < b->used ? (uint64_t)a->limb[i] * b->limb[j] : 0);
            acc[i + j] = t % BASE;
            carry = t / BASE;
        }
    }
    memset(r, 0, sizeof *r);
    int n = a->used + b->used;
    for (int i = 0; i < n && i < LIMBS; i++) r->limb[i] = (uint32_t)acc[i];
    r->used = n < LIMBS ? n : LIMBS;
    while (r->used > 1 && r->limb[r->used - 1] == 0) r->used--;
}

static uint32_t big_div_small(big *x, uint32_t d)
{
    uint64_t rem = 0;
    for (int i = x->used - 1; i >= 0; i--) {
        uint64_t t = rem * BASE + x->limb[i];
        x->limb[i] = (uint32_t)(t / d);
        rem = t % d;
    }
    while (x->used > 1 && x->limb[x->used - 1] == 0) x->used--;
    return (uint32_t)rem;
}

static void big_print(const char *label, const big *x)
{
    int digits = 0, sum = 0;
    char text[LIMBS * 9 + 1];
    int n = sprintf(text, "%u", x->limb[x->used - 1]);
    for (int i = x->used - 2; i >= 0; i--) n += sprintf(text + n, "%09u", x->limb[i]);
    for (int i = 0; i < n; i++) { digits++; sum += text[i] - '0'; }
    printf("%s (%d digits, digit sum %d):\n", label, digits, sum);
    for (int i = 0; i < n; i += 72) printf("  %.72s\n", text + i);
}

int main(void)
{
    static big a, b, c;
    big_set(&a, 1);
    for (uint32_t i = 2; i <= 200; i++) big_mul_small(&a, i);
    big_print("200!", &a);
    big_set(&b, 1);
    for (int i = 0; i < 1000; i++) big_mul_small(&b, 2);
    big_print("2^1000", &b);
    big_set(&a, 0);
    big_set(&b, 1);
    for (int i = 0; i < 1000; i++) { big_add(&c, &a, &b); a = b; b = c; }
    big_print("fib(1001)", &b);
    big_set(&a, 1);
    for (uint32_t i = 0; i < 40; i++) big_mul_small(&a, 999999937u);
    big_mul(&c, &a, &a);
    big_print("999999937^80", &c);
    uint32_t remainders = 0;
    for (uint32_t d = 0; d < 80; d++) remainders |= big_div_small(&c, 999999937u);
    printf("divided back by 999999937 eighty times: remainder bits %u, quotient %u (used %d)\n", remainders, c.limb[0], c.used);
    return remainders == 0 && c.used == 1 && c.limb[0] == 1 ? 0 : 1;
}
