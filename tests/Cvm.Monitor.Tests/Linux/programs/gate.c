/* A Linux program that also uses the native hostcall gate: argv[1] is its capability table's address (hex).
 * It loads the hostcall gate pair from the table and CInvokes it, as the native guest runtime does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long console_write(unsigned long table, const char *text, long length)
{
    register long a0 __asm__("a0") = (long)text;
    register long a1 __asm__("a1") = length;
    register long t5 __asm__("t5") = 1; /* console write */
    register unsigned long t0 __asm__("t0") = table;
    __asm__ volatile(
        "jal ra, 1f\n"
        "j 2f\n"
        "1:\n"
        ".insn i 0x0f, 2, t1, t0, 0\n"          /* lc ct1, 0(t0): the gate's code capability */
        ".insn i 0x0f, 2, t2, t0, 16\n"         /* lc ct2, 16(t0): its data capability */
        ".insn r 0x5b, 0, 0x7e, x1, t1, t2\n"   /* cinvoke ct1, ct2 */
        "2:\n"
        : "+r"(a0), "+r"(a1), "+r"(t5), "+r"(t0)
        :
        : "ra", "t1", "t2", "t3", "t4", "t6", "a2", "a3", "a4", "a5", "a6", "a7", "memory");
    return a0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        return 1;
    }
    unsigned long table = strtoul(argv[1], NULL, 16);
    printf("linux says hi\n");
    fflush(stdout);
    const char *message = "gate says hi\n";
    long written = console_write(table, message, (long)strlen(message));
    printf("the gate returned %ld\n", written);
    return 0;
}
