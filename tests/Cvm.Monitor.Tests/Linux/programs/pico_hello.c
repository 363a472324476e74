/* The smallest C program, against picolibc. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("picolibc says hello from %s (%d)\n", argv[0], argc);
    return 0;
}
