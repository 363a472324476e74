/* Prints, then stores through a wild pointer: the trap must end this cVM and nothing else. */
#include <stdio.h>

int main(void)
{
    printf("about to crash\n");
    fflush(stdout);
    volatile long *volatile wild = (volatile long *)0x10;
    *wild = 1;
    printf("still alive\n");
    return 0;
}
