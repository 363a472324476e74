/* The Intravisor hello scenario: print through the console hostcall, probe the CP_File "greeting" the deployment
 * shares with this cVM, and read it through the capability the probe stored. A second probe, of a buffer the
 * deployment grants to no cVM, shows the monitor refusing. */
#include "cvm.h"

/* Capabilities must be stored 16-byte aligned; cvm_cap is. */
static cvm_cap greeting;
static cvm_cap secret;

int main(int argc, char **argv)
{
    cvm_puts("hello from ");
    cvm_puts(argc > 0 ? argv[0] : "a cVM");
    cvm_puts("\n");

    long size = cvm_capfile_probe("greeting", &greeting);
    if (size < 0) {
        cvm_puts("probing greeting failed: ");
        cvm_print_long(size);
        cvm_puts("\n");
        return 1;
    }
    char text[64];
    unsigned long length = 0;
    /* Reads through the capability (bounded to the buffer): up to the first NUL, at most the buffer's size. */
    while (length < (unsigned long)size && length < sizeof text) {
        cvm_cap_read(&text[length], &greeting, length, 1);
        if (text[length] == 0) break;
        length++;
    }
    cvm_puts("greeting says: ");
    cvm_write(text, length);

    cvm_puts("probing secret: ");
    cvm_print_long(cvm_capfile_probe("secret", &secret));
    cvm_puts(" (not granted)\n");
    return 0;
}
