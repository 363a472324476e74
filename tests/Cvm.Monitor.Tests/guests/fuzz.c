/* Hostcalls with pseudo-random numbers and arguments: pointers into its own scratch memory, the victim, the
 * monitor, below its region, NULL and random values, with random lengths. Whatever comes back, it keeps going;
 * the monitor must answer every call with a result and never touch memory outside this cVM. */
#include "check.h"

static unsigned char scratch[8192] __attribute__((aligned(16)));
static unsigned long state = 88172645463325252UL;

static unsigned long next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static unsigned long parse_hex(const char *s)
{
    unsigned long value = 0;
    for (; *s; s++) value = value * 16 + (unsigned long)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
    return value;
}

int main(int argc, char **argv)
{
    CHECK(argc == 4);
    unsigned long victim = parse_hex(argv[1]), monitor = parse_hex(argv[2]), begin = parse_hex(argv[3]);
    static const long numbers[] = { 1, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24, 30, 0, 10, 31, 99, -3 };
    const unsigned long pointers[] = { (unsigned long)scratch, (unsigned long)scratch + 8000, victim, monitor, 0, begin - 8 };
    for (int i = 0; i < 3000; i++) {
        long number = numbers[next() % (sizeof numbers / sizeof numbers[0])];
        long args[4];
        for (int a = 0; a < 4; a++) {
            unsigned long r = next();
            switch (r % 4) {
            case 0: args[a] = (long)pointers[(r >> 8) % (sizeof pointers / sizeof pointers[0])]; break;
            case 1: args[a] = (long)((r >> 8) % 200); break;
            case 2: args[a] = (long)next(); break;
            default: args[a] = -(long)((r >> 8) % 5); break;
            }
        }
        if (number == 8) args[0] &= 0xfff;        /* sleep briefly, not forever */
        if (number == 1 && i % 7 == 0) { args[0] = (long)scratch; args[1] = 4; }
        cvm_hostcall(number, args[0], args[1], args[2], args[3]);
    }
    cvm_puts("fuzz done\n");
    return 0;
}
