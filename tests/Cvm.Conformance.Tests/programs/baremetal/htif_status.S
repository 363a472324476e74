/* The HTIF exit code reaches the exit status: this program reports code 42 (tohost = 42 << 1 | 1), so a runner that
 * treats every tohost write as a pass, or loses the code, fails the test. */
#include "htif.h"

    .text
    .globl _start
_start:
    li s11, 42
    j fail
    HTIF_EXIT_FROM_S11
