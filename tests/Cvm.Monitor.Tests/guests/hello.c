/* The Intravisor hello scenario: print through a hostcall, probe a capfile, read it through the capability. */
#include "cvm.h"

static cvm_cap greeting;

int main(int argc, char **argv)
{
    cvm_puts("hello from ");
    cvm_puts(argv[0]);
    cvm_puts("\n");
    long size = cvm_capfile_probe("greeting", &greeting);
    if (size < 0) {
        return 100 - size;
    }
    char text[64];
    cvm_cap_read(text, &greeting, 0, 13);
    cvm_write(text, 13);
    cvm_puts("\n");
    return 0;
}
