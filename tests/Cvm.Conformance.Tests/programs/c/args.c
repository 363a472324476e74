/* Arguments and exit status: prints its arguments (the test passes several), writes to stdout and stderr,
 * and exits with a status computed from them, so argv delivery and exit codes are compared, not just output. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned status = (unsigned)argc;
    printf("argc = %d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
        for (const char *c = argv[i]; *c; c++) status = status * 31 + (unsigned char)*c;
    }
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    fprintf(stderr, "exiting with status %u\n", status % 200 + 3);
    fflush(stdout);
    exit((int)(status % 200 + 3));
}
