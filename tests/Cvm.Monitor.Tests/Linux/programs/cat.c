/* An ordinary Linux program: greets, then copies each file named on its command line to stdout. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello from %s\n", argv[0]);
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "r");
        if (file == NULL) {
            printf("cannot open %s\n", argv[i]);
            return 2;
        }
        char line[256];
        while (fgets(line, sizeof line, file) != NULL) {
            fputs(line, stdout);
        }
        fclose(file);
    }
    return 0;
}
