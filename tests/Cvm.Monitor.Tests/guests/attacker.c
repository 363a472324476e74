/* The isolation suite's attacker: argv[1] names one attack; argv[2..] are addresses the test computed
 * (the victim's secret, the victim's code, the victim's capability table, the monitor region).
 * An attack the monitor refuses with an error code exits 0 after checking the code; one it must stop faults. */
#include "check.h"

static unsigned long parse_hex(const char *s)
{
    unsigned long value = 0;
    for (; *s; s++) value = value * 16 + (unsigned long)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
    return value;
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}

static cvm_cap slot;
static cvm_cap forged;
static unsigned char page[8192] __attribute__((aligned(4096)));

static long idle(long value) { return value; }

static long recurse(long depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    if (depth < 0) return 0;
    return recurse(depth + 1) + frame[0];
}

int main(int argc, char **argv)
{
    CHECK(argc >= 6);
    const char *attack = argv[1];
    unsigned long secret = parse_hex(argv[2]), victim_code = parse_hex(argv[3]);
    unsigned long victim_table = parse_hex(argv[4]), monitor = parse_hex(argv[5]);
    unsigned long table = (unsigned long)__cvm_table;

    if (same(attack, "read-outside-ddc")) {
        return (int)*(volatile unsigned char *)secret;
    } else if (same(attack, "write-outside-ddc")) {
        *(volatile unsigned char *)secret = 0;
    } else if (same(attack, "read-monitor")) {
        return (int)*(volatile unsigned long *)monitor;
    } else if (same(attack, "jump-outside-pcc")) {
        ((void (*)(void))victim_code)();
    } else if (same(attack, "jump-into-switcher")) {
        ((void (*)(void))monitor)();
    } else if (same(attack, "load-victim-gate")) {
        /* lc ct0, 0(victim table): the victim's gates are outside our DDC. */
        __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0" :: "r"(victim_table) : "t0");
    } else if (same(attack, "forge-capability-bytes")) {
        /* Copy the bytes of our own hostcall gate and try to use the copy: integer stores clear the tag. */
        unsigned long *from = (unsigned long *)table, *to = (unsigned long *)&forged;
        to[0] = from[0];
        to[1] = from[1];
        unsigned long *data_to = (unsigned long *)&slot;
        data_to[0] = from[2];
        data_to[1] = from[3];
        __asm__ volatile(".insn i 0x0f, 2, t1, %0, 0\n.insn i 0x0f, 2, t2, %1, 0\n.insn r 0x5b, 0, 0x7e, x1, t1, t2"
                         :: "r"(&forged), "r"(&slot) : "t1", "t2", "memory");
    } else if (same(attack, "forge-pointer-to-victim")) {
        /* Write a capability-shaped value aimed at the victim and load through it. */
        unsigned long *to = (unsigned long *)&forged;
        to[0] = secret;
        to[1] = 0;
        __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0\n.insn r 0x5b, 0, 0x7d, t1, t0, x12" :: "r"(&forged) : "t0", "t1", "memory");
    } else if (same(attack, "unseal-without-authority")) {
        /* cunseal ct0, hostcall gate code, DDC: our DDC has no Permit_Unseal, so the result is untagged;
         * jumping through it (jalr.cap) is refused. */
        __asm__ volatile(".insn i 0x0f, 2, t1, %0, 0\n.insn r 0x5b, 0, 0x01, t2, x0, x1\n.insn r 0x5b, 0, 0x0c, t0, t1, t2\n"
                         ".insn r 0x5b, 0, 0x7f, x0, t0, x12" :: "r"(table) : "t0", "t1", "t2");
    } else if (same(attack, "seal-without-authority")) {
        /* cseal ct0, DDC, DDC: no Permit_Seal either, so the "sealed" result is untagged and CInvoke refuses it. */
        __asm__ volatile(".insn r 0x5b, 0, 0x01, t1, x0, x1\n.insn r 0x5b, 0, 0x0b, t0, t1, t1\n.insn r 0x5b, 0, 0x7e, x1, t0, t0"
                         ::: "t0", "t1");
    } else if (same(attack, "widen-ddc")) {
        /* csetbounds on our DDC with a length beyond it gives an untagged capability; installed as DDC it allows nothing. */
        __asm__ volatile(".insn r 0x5b, 0, 0x01, t1, x0, x1\nli t2, 0x10000000\n.insn r 0x5b, 0, 0x08, t0, t1, t2\n"
                         ".insn r 0x5b, 0, 0x01, x0, t0, x1\nld t1, 0(%0)" :: "r"(secret) : "t0", "t1", "t2");
    } else if (same(attack, "cinvoke-mismatched-pair")) {
        /* Hostcall code with return-gate data: different object types. */
        __asm__ volatile(".insn i 0x0f, 2, t1, %0, 0\n.insn i 0x0f, 2, t2, %0, 48\n.insn r 0x5b, 0, 0x7e, x1, t1, t2"
                         :: "r"(table) : "t1", "t2");
    } else if (same(attack, "cinvoke-unsealed")) {
        /* Our own PCC and DDC are not sealed: no domain switch through them. */
        __asm__ volatile(".insn r 0x5b, 0, 0x01, t1, x0, x0\n.insn r 0x5b, 0, 0x01, t2, x0, x1\n.insn r 0x5b, 0, 0x7e, x1, t1, t2"
                         ::: "t1", "t2");
    } else if (same(attack, "stale-return")) {
        /* The return gate with no call in progress. */
        __asm__ volatile("call __cvm_return" ::: "ra", "t0", "t1", "t2", "memory");
    } else if (same(attack, "call-not-granted")) {
        CHECK(cvm_call_lookup("victim.secret") == CVM_ENOENT);
        CHECK(cvm_call_lookup("victim.peek") == CVM_EPERM);
        return 0;
    } else if (same(attack, "call-garbage-import")) {
        cvm_call(40, 0, 0, 0, 0, 0, 0);
    } else if (same(attack, "hostcall-pointer-into-victim")) {
        CHECK(cvm_write((const void *)secret, 16) == CVM_EFAULT);
        CHECK(cvm_capfile_probe("shared", (cvm_cap *)secret) == CVM_EFAULT);
        CHECK(cvm_get_info((struct cvm_info *)secret) == CVM_EFAULT);
        CHECK(cvm_hostcall(CVM_HC_CF_PROBE, (long)secret, 6, (long)&slot, 0) == CVM_EFAULT);
        return 0;
    } else if (same(attack, "hostcall-pointer-into-monitor")) {
        CHECK(cvm_write((const void *)monitor, 16) == CVM_EFAULT);
        CHECK(cvm_capfile_probe("shared", (cvm_cap *)(monitor + 0x1000)) == CVM_EFAULT);
        CHECK(cvm_hostcall(CVM_HC_CONSOLE_WRITE, (long)page, -1, 0, 0) == CVM_EINVAL);
        CHECK(cvm_hostcall(CVM_HC_CONSOLE_WRITE, (long)(table + 4000), 200, 0, 0) == CVM_EFAULT);
        return 0;
    } else if (same(attack, "probe-misaligned-destination")) {
        CHECK(cvm_capfile_probe("shared", (cvm_cap *)((char *)&slot + 8)) == CVM_EFAULT);
        return 0;
    } else if (same(attack, "probe-without-grant")) {
        CHECK(cvm_capfile_probe("private", &slot) == CVM_EPERM);
        CHECK(cvm_capfile_close("private") == CVM_EPERM);
        CHECK(cvm_capfile_notify("private") == CVM_EPERM);
        return 0;
    } else if (same(attack, "advertise-victim-memory")) {
        CHECK(cvm_capfile_advertise("mine", (void *)secret, 4096) == CVM_EFAULT);
        CHECK(cvm_capfile_advertise("private", page, 4096) == CVM_EPERM);
        return 0;
    } else if (same(attack, "unknown-hostcall")) {
        CHECK(cvm_hostcall(12345, 0, 0, 0, 0) == CVM_ENOSYS);
        CHECK(cvm_hostcall(-1, 0, 0, 0, 0) == CVM_ENOSYS);
        return 0;
    } else if (same(attack, "infinite-loop")) {
        for (;;) { __asm__ volatile(""); }
    } else if (same(attack, "stack-overflow")) {
        return (int)recurse(0);
    } else if (same(attack, "exhaust-memory")) {
        /* Walk up from the heap: the first guard page below the stacks stops it. */
        struct cvm_info info;
        CHECK(cvm_get_info(&info) == sizeof info);
        for (unsigned long a = info.heap_start;; a += 4096) *(volatile unsigned long *)a = a;
    } else if (same(attack, "exhaust-threads")) {
        long created = 0, result;
        while ((result = cvm_thread_create(idle, 0)) > 0 && created < 100) created++;
        CHECK(result == CVM_EAGAIN);
        return 0;
    } else if (same(attack, "use-after-revocation")) {
        CHECK(cvm_capfile_probe("shared", &slot) == 64);
        char byte;
        cvm_cap_read(&byte, &slot, 0, 1);
        CHECK(cvm_capfile_close("shared") >= 1);
        cvm_cap_read(&byte, &slot, 0, 1);
    } else if (same(attack, "store-capability-without-permission")) {
        /* lc ct0, our hostcall gate; sc ct0 into our own memory: the DDC lacks Permit_Store_Capability. */
        __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0\n.insn s 0x23, 4, t0, 0(%1)" :: "r"(table), "r"(&slot) : "t0", "memory");
    } else if (same(attack, "write-read-only-capfile")) {
        CHECK(cvm_capfile_probe("readonly", &slot) == 64);
        cvm_cap_write(&slot, 0, "X", 1);
    } else if (same(attack, "read-past-capfile")) {
        CHECK(cvm_capfile_probe("shared", &slot) == 64);
        char bytes[2];
        cvm_cap_read(bytes, &slot, 63, 2);
    } else if (same(attack, "illegal-instruction")) {
        __asm__ volatile(".word 0");
    } else if (same(attack, "direct-ecall")) {
        __asm__ volatile("li a7, 93\necall" ::: "a7");
    } else if (same(attack, "privileged-csr")) {
        __asm__ volatile("csrw mtvec, zero");
    } else if (same(attack, "reuse-other-cvm-gate")) {
        /* The gate giver put its hostcall gate into "mailbox"; load it through our probed capability and invoke it. */
        long size;
        while ((size = cvm_capfile_probe("mailbox", &slot)) == CVM_EAGAIN) cvm_yield();
        CHECK(size == 32);
        /* lc.cap ct1, (ct0); cincoffset ct0, ct0, 16; lc.cap ct2, (ct0); cinvoke ct1, ct2 */
        __asm__ volatile(".insn i 0x0f, 2, t0, %0, 0\n.insn r 0x5b, 0, 0x7d, t1, t0, x31\n.insn i 0x5b, 1, t0, t0, 16\n"
                         ".insn r 0x5b, 0, 0x7d, t2, t0, x31\n.insn r 0x5b, 0, 0x7e, x1, t1, t2" :: "r"(&slot) : "t0", "t1", "t2");
    } else if (same(attack, "exit-through-switcher-data")) {
        /* Use the unsealed-looking data half alone as a jump target: it is sealed and not executable. */
        __asm__ volatile(".insn i 0x0f, 2, t1, %0, 16\n.insn r 0x5b, 0, 0x7f, x0, t1, x12" :: "r"(table) : "t1");
    }
    cvm_puts("attack did not fault\n");
    return 99;
}
