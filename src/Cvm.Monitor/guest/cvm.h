/* CvmSdk guest runtime: the native hostcall ABI, CP_File and CP_Call for hybrid cVM guests.
 * Build with a stock RISC-V toolchain (riscv64-unknown-elf-gcc) and link cvm_start.S; CHERI instructions are
 * written with .insn, so no CHERI compiler is needed. docs/guest-abi.md describes every call. */
#ifndef CVM_H
#define CVM_H

/* Hostcall numbers (t5). */
#define CVM_HC_CONSOLE_WRITE 1
#define CVM_HC_EXIT 2
#define CVM_HC_THREAD_CREATE 3
#define CVM_HC_THREAD_EXIT 4
#define CVM_HC_THREAD_JOIN 5
#define CVM_HC_TIME 6
#define CVM_HC_YIELD 7
#define CVM_HC_SLEEP 8
#define CVM_HC_CVM_INFO 9
#define CVM_HC_CF_ADVERTISE 20
#define CVM_HC_CF_PROBE 21
#define CVM_HC_CF_WAIT 22
#define CVM_HC_CF_NOTIFY 23
#define CVM_HC_CF_CLOSE 24
#define CVM_HC_CALL_LOOKUP 30
#define CVM_HC_CALL_ASYNC 31
#define CVM_HC_SERVICE_CALL 32

/* cvm_call_lookup returns indexes from here for exports the host provides (contract services implemented in C#). */
#define CVM_HOST_IMPORT_BASE 0x10000L

/* Error results (negative). */
#define CVM_EPERM (-1)
#define CVM_ENOENT (-2)
#define CVM_EFAULT (-3)
#define CVM_EINVAL (-4)
#define CVM_EBUSY (-5)
#define CVM_ENOSYS (-6)
#define CVM_EAGAIN (-7)
#define CVM_EEXIST (-9)
#define CVM_ESTOPPED (-10)
#define CVM_ECALLEE_FAULT (-11)
#define CVM_ECALLEE_BUDGET (-12)
#define CVM_EDEPTH (-13)
#define CVM_ECLOSED (-14)
#define CVM_EDEADLK (-15)
#define CVM_EPROTO (-16)
#define CVM_ECONTRACT (-17)
#define CVM_EHOST (-18)

/* Capability table slots (16 bytes each) in the last page of the cVM's region. */
#define CVM_SLOT_CALL_BUFFER 4
#define CVM_SLOT_FIRST_IMPORT 5
/* During a CP_Call to a frame export: slot 4 holds the in area (load-only), this slot the out area (load/store). */
#define CVM_SLOT_CALL_OUT_BUFFER 255

/* A capability in memory: 16 bytes, 16-byte aligned. Hybrid C cannot hold one in a variable; the helpers load
 * it into a register inside assembly, use it and clear the register again. */
typedef struct __attribute__((aligned(16))) { unsigned long word[2]; } cvm_cap;

/* Two results: a0 (status or value) and a1. */
typedef struct { long a0; long a1; } cvm_pair;

struct cvm_info {
    unsigned long id, thread, base, size, begin, end, heap_start, heap_end, table;
};

/* Set by _start from a2: the capability table of this cVM. */
extern cvm_cap *__cvm_table;

/* The raw hostcall: arguments in a0-a6, number last (the stub moves it to t5). */
cvm_pair __cvm_hostcall(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long number);

/* CP_Call through import `index` (from cvm_call_lookup): a0 = status (0 or CVM_E*), a1 = the callee's result. */
cvm_pair cvm_call(long index, long a0, long a1, long a2, long a3, long a4, long a5);

/* Copy through a capability stored at `slot` (no monitor on the data path). Fault if out of its bounds. */
void cvm_cap_read(void *destination, const cvm_cap *slot, unsigned long offset, unsigned long length);
void cvm_cap_write(const cvm_cap *slot, unsigned long offset, const void *source, unsigned long length);

/* Export `name` (a function long name(long, long, long, long, long, long)) for CP_Call as __cvm_export_name. */
#define CVM_EXPORT(name) \
    __asm__(".text\n.globl __cvm_export_" #name "\n.type __cvm_export_" #name ", @function\n" \
            "__cvm_export_" #name ":\n.option push\n.option norelax\nla gp, __global_pointer$\n.option pop\n" \
            "call " #name "\ntail __cvm_return\n")

static inline unsigned long cvm_strlen(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }

static inline long cvm_hostcall(long number, long a0, long a1, long a2, long a3) {
    return __cvm_hostcall(a0, a1, a2, a3, 0, 0, 0, number).a0;
}

static inline long cvm_write(const void *data, unsigned long length) { return cvm_hostcall(CVM_HC_CONSOLE_WRITE, (long)data, (long)length, 0, 0); }
static inline long cvm_puts(const char *s) { return cvm_write(s, cvm_strlen(s)); }
/* exit and thread_exit return only when refused (inside a CP_Call): the thread then traps, which the monitor
 * reports and contains like any other fault. */
static inline __attribute__((noreturn)) void cvm_exit(long status) { cvm_hostcall(CVM_HC_EXIT, status, 0, 0, 0); __builtin_trap(); }
long cvm_thread_create(long (*function)(long), long argument);
static inline __attribute__((noreturn)) void cvm_thread_exit(long value) { cvm_hostcall(CVM_HC_THREAD_EXIT, value, 0, 0, 0); __builtin_trap(); }
static inline cvm_pair cvm_thread_join(long thread) { return __cvm_hostcall(thread, 0, 0, 0, 0, 0, 0, CVM_HC_THREAD_JOIN); }
static inline long cvm_time(void) { return cvm_hostcall(CVM_HC_TIME, 0, 0, 0, 0); }
static inline long cvm_yield(void) { return cvm_hostcall(CVM_HC_YIELD, 0, 0, 0, 0); }
static inline long cvm_sleep(unsigned long nanoseconds) { return cvm_hostcall(CVM_HC_SLEEP, (long)nanoseconds, 0, 0, 0); }
static inline long cvm_get_info(struct cvm_info *info) { return cvm_hostcall(CVM_HC_CVM_INFO, (long)info, sizeof *info, 0, 0); }

static inline long cvm_capfile_advertise(const char *name, void *buffer, unsigned long size) {
    return cvm_hostcall(CVM_HC_CF_ADVERTISE, (long)name, (long)cvm_strlen(name), (long)buffer, (long)size);
}
static inline long cvm_capfile_probe(const char *name, cvm_cap *destination) {
    return cvm_hostcall(CVM_HC_CF_PROBE, (long)name, (long)cvm_strlen(name), (long)destination, 0);
}
static inline long cvm_capfile_wait(const char *name, long seen) { return cvm_hostcall(CVM_HC_CF_WAIT, (long)name, (long)cvm_strlen(name), seen, 0); }
static inline long cvm_capfile_notify(const char *name) { return cvm_hostcall(CVM_HC_CF_NOTIFY, (long)name, (long)cvm_strlen(name), 0, 0); }
static inline long cvm_capfile_close(const char *name) { return cvm_hostcall(CVM_HC_CF_CLOSE, (long)name, (long)cvm_strlen(name), 0, 0); }
static inline long cvm_call_lookup(const char *name) { return cvm_hostcall(CVM_HC_CALL_LOOKUP, (long)name, (long)cvm_strlen(name), 0, 0); }

/* An asynchronous CP_Call's completion: filled in, then the CP_File `name` is notified. */
struct cvm_async {
    volatile long status;   /* 0 or CVM_E*, as cvm_call's a0 */
    volatile long result;   /* the callee's result */
    const char *name;       /* CP_File notified on completion */
    long name_length;
};

/* Starts import `index` with a0-a3 on a worker thread; returns its thread id or an error. Wait for completion
 * with cvm_capfile_wait(record->name, seen). */
static inline long cvm_call_async(long index, long a0, long a1, long a2, long a3, struct cvm_async *record)
{
    return __cvm_hostcall(index, a0, a1, a2, a3, (long)record, 0, CVM_HC_CALL_ASYNC).a0;
}

/* During a CP_Call to an export with a buffer: the capability to the caller's buffer. */
static inline const cvm_cap *cvm_call_buffer(void) { return &__cvm_table[CVM_SLOT_CALL_BUFFER]; }

/* During a CP_Call to a frame export (contract methods): the capability to the caller's out area. */
static inline const cvm_cap *cvm_call_out_buffer(void) { return &__cvm_table[CVM_SLOT_CALL_OUT_BUFFER]; }

/* A contract call (docs/contracts-abi.md) through `index` from cvm_call_lookup("PROVIDER.SERVICE__METHOD"):
 * to a cVM it is a CP_Call of a frame export, to the host the service-call hostcall. Returns 0, the monitor's
 * CVM_E* error, or the callee's negative status. */
static inline long cvm_service_call(long index, const void *in, unsigned long in_length, void *out, unsigned long out_length)
{
    if (index >= CVM_HOST_IMPORT_BASE)
        return __cvm_hostcall(index, (long)in, (long)in_length, (long)out, (long)out_length, 0, 0, CVM_HC_SERVICE_CALL).a0;
    cvm_pair r = cvm_call(index, (long)in, (long)in_length, (long)out, (long)out_length, 0, 0);
    return r.a0 ? r.a0 : r.a1;
}

/* Decimal text of a signed number into buffer (at least 21 bytes); returns the length. */
static inline unsigned long cvm_format_long(char *buffer, long value) {
    char digits[20];
    unsigned long n = 0, length = 0;
    unsigned long magnitude = value < 0 ? -(unsigned long)value : (unsigned long)value;
    do { digits[n++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude);
    if (value < 0) buffer[length++] = '-';
    while (n) buffer[length++] = digits[--n];
    buffer[length] = 0;
    return length;
}

static inline void cvm_print_long(long value) { char text[24]; cvm_write(text, cvm_format_long(text, value)); }

#endif
