/* The operating-system layer picolibc leaves to the application, implemented with Linux RISC-V syscalls so the
 * same ELF runs under qemu-riscv64 and cvm exec: buffered stdout, unbuffered stderr, stdin, _exit and a
 * fixed-size heap for malloc (the linker script's RAM region is not mapped by a Linux loader). */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>

enum { SYS_read = 63, SYS_write = 64, SYS_exit = 93 };

static long linux_syscall3(long number, long a, long b, long c)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

static void write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        long written = linux_syscall3(SYS_write, fd, (long)data, (long)length);
        if (written <= 0) {
            return;
        }
        data += written;
        length -= (size_t)written;
    }
}

static char stdout_buffer[4096];
static size_t stdout_used;

static void flush_stdout(void)
{
    write_all(1, stdout_buffer, stdout_used);
    stdout_used = 0;
}

static int stdout_put(char c, FILE *file)
{
    (void)file;
    if (stdout_used == sizeof stdout_buffer) {
        flush_stdout();
    }
    stdout_buffer[stdout_used++] = c;
    return (unsigned char)c;
}

static int stdout_flush(FILE *file)
{
    (void)file;
    flush_stdout();
    return 0;
}

static int stderr_put(char c, FILE *file)
{
    (void)file;
    write_all(2, &c, 1);
    return (unsigned char)c;
}

static int stdin_get(FILE *file)
{
    (void)file;
    unsigned char c;
    return linux_syscall3(SYS_read, 0, (long)&c, 1) == 1 ? c : EOF;
}

static FILE stdout_file = FDEV_SETUP_STREAM(stdout_put, NULL, stdout_flush, _FDEV_SETUP_WRITE);
static FILE stderr_file = FDEV_SETUP_STREAM(stderr_put, NULL, NULL, _FDEV_SETUP_WRITE);
static FILE stdin_file = FDEV_SETUP_STREAM(NULL, stdin_get, NULL, _FDEV_SETUP_READ);
FILE *const stdout = &stdout_file;
FILE *const stderr = &stderr_file;
FILE *const stdin = &stdin_file;

void _exit(int status)
{
    flush_stdout();
    for (;;) {
        linux_syscall3(SYS_exit, status, 0, 0);
    }
}

static _Alignas(16) char heap[8 << 20];
static size_t heap_used;

void *sbrk(ptrdiff_t increment)
{
    if (increment < 0 || (size_t)increment > sizeof heap - heap_used) {
        return (void *)-1;
    }
    void *block = heap + heap_used;
    heap_used += (size_t)increment;
    return block;
}
