/* Calls server exports and prints the results and the instruction cost of each crossing. */
#include "check.h"

static long instret(void) { long value; __asm__ volatile("rdinstret %0" : "=r"(value)); return value; }

static void report(const char *what, long value)
{
    cvm_puts(what);
    cvm_puts("=");
    cvm_print_long(value);
    cvm_puts("\n");
}

static unsigned char buffer[4096] __attribute__((aligned(4096)));

int main(void)
{
    long add = cvm_call_lookup("server.add");
    long sum = cvm_call_lookup("server.sum");
    long fill = cvm_call_lookup("server.fill");
    long lie = cvm_call_lookup("server.lie");
    long take = cvm_call_lookup("server.take");
    CHECK(add >= 0 && sum >= 0 && fill >= 0 && lie >= 0 && take >= 0);
    CHECK(cvm_call_lookup("server.crash") == CVM_EPERM);
    CHECK(cvm_call_lookup("server.nothing") == CVM_ENOENT);

    long before = instret();
    cvm_time();
    report("hostcall", instret() - before);

    before = instret();
    cvm_pair r = cvm_call(add, 40, 2, 0, 0, 0, 0);
    report("call2", instret() - before);
    CHECK(r.a0 == 0 && r.a1 == 42);

    long expected = 0;
    for (int i = 0; i < 4096; i++) { buffer[i] = (unsigned char)(i * 7); expected += buffer[i]; }
    before = instret();
    r = cvm_call(take, (long)buffer, 4096, 0, 0, 0, 0);
    report("call4k", instret() - before);
    CHECK(r.a0 == 0 && r.a1 == 4096);

    before = instret();
    r = cvm_call(sum, (long)buffer, 4096, 0, 0, 0, 0);
    report("call4k_read", instret() - before);
    CHECK(r.a0 == 0 && r.a1 == expected);

    for (int i = 0; i < 4096; i++) buffer[i] = 0;
    r = cvm_call(fill, (long)buffer + 16, 1000, 0, 0, 0, 0);
    CHECK(r.a0 == 0 && r.a1 == 1000);
    CHECK(buffer[0] == 0 && buffer[16] == 0 && buffer[17] == 1 && buffer[16 + 999] == (999 & 0xff) && buffer[1016] == 0);

    /* A buffer that is not the caller's own is refused before the callee runs. */
    r = cvm_call(sum, 0x1000, 16, 0, 0, 0, 0);
    CHECK(r.a0 == CVM_EFAULT);

    /* The callee's result never masquerades as a monitor status. */
    r = cvm_call(lie, 0, 0, 0, 0, 0, 0);
    CHECK(r.a0 == 0 && r.a1 == CVM_ECALLEE_FAULT);

    cvm_capfile_notify("stop");
    cvm_puts("client done\n");
    return 0;
}
