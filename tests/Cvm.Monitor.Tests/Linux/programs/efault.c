/* Hands the system-call layer pointers it must refuse: argv[1] (hex) lies in another cVM, argv[2] in the
 * monitor. Each call prints the errno it got; none of them may touch the memory it names. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result)
{
    printf("%s: %s\n", what, result != -1 ? "accepted" : errno == EFAULT ? "EFAULT" : errno == EINVAL ? "EINVAL" : "other error");
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        return 1;
    }
    long other = strtol(argv[1], NULL, 16), monitor = strtol(argv[2], NULL, 16);
    int fd = open(argv[3], O_RDONLY);
    if (fd < 0) {
        return 3;
    }
    report("read into the other cVM", syscall(SYS_read, fd, other, 16));
    report("read into the monitor", syscall(SYS_read, fd, monitor, 16));
    report("write from the other cVM", syscall(SYS_write, 1, other, 16));
    report("getrandom into the other cVM", syscall(SYS_getrandom, other, 16, 0));
    report("clock_gettime into the monitor", syscall(SYS_clock_gettime, 0, monitor));
    report("open a path in the other cVM", syscall(SYS_openat, AT_FDCWD, other, O_RDONLY));
    report("mmap fixed over the other cVM", (long)syscall(SYS_mmap, other & ~4095L, 4096, 3, 0x32, -1, 0) == -1 ? -1 : 0);
    char own[16];
    long got = read(fd, own, sizeof own);
    printf("own read: %ld\n", got);
    return 0;
}
