/* A hybrid guest linked at 0 whose pointers are offsets from its region's start: hostcalls with pointers, a
 * pointer beyond its region, a blocking hostcall and a second thread must all work as for any other guest. With
 * an argument it then stores just beyond its region, which its DDC must refuse. */
#include "cvm.h"

static long doubler(long value)
{
    cvm_puts("worker runs\n");
    return value * 2;
}

int main(int argc, char **argv)
{
    cvm_puts("relocated ");
    cvm_puts(argv[0]);
    cvm_puts("\n");
    /* Offsets beyond the region, whatever lies at that absolute address, are refused. */
    cvm_puts("far pointer: ");
    cvm_print_long(cvm_write((const void *)0x21000000, 4));
    cvm_puts("\nwrapping pointer: ");
    cvm_print_long(cvm_write((const void *)-16L, 4));
    cvm_puts("\n");
    cvm_sleep(1000);
    long thread = cvm_thread_create(doubler, 21);
    cvm_pair joined = cvm_thread_join(thread);
    cvm_puts("joined: ");
    cvm_print_long(joined.a1);
    cvm_puts("\n");
    if (argc > 1) {
        volatile long *beyond = (volatile long *)0x100000;
        *beyond = 1;
        cvm_puts("store beyond the region went through\n");
    }
    return 0;
}
