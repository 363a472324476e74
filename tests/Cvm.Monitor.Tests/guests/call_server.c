/* Exports for CP_Call tests. Exports take up to six scalar arguments; buffer exports find the caller's buffer
 * capability in the CallBuffer table slot. */
#include "check.h"

long add(long a, long b) { return a + b; }
CVM_EXPORT(add);

/* Sum of the bytes of the caller's buffer (direction in). */
long sum(long pointer, long length)
{
    (void)pointer;
    long total = 0;
    unsigned char chunk[64];
    for (long done = 0; done < length; done += 64) {
        long n = length - done < 64 ? length - done : 64;
        cvm_cap_read(chunk, cvm_call_buffer(), done, n);
        for (long i = 0; i < n; i++) total += chunk[i];
    }
    return total;
}
CVM_EXPORT(sum);

/* Receives a buffer and does nothing with it: the cost of passing it. */
long take(long pointer, long length) { (void)pointer; return length; }
CVM_EXPORT(take);

/* Fills the caller's buffer (direction out) with i & 0xff. */
long fill(long pointer, long length)
{
    (void)pointer;
    unsigned char chunk[64];
    for (long done = 0; done < length; done += 64) {
        long n = length - done < 64 ? length - done : 64;
        for (long i = 0; i < n; i++) chunk[i] = (unsigned char)(done + i);
        cvm_cap_write(cvm_call_buffer(), done, chunk, n);
    }
    return length;
}
CVM_EXPORT(fill);

/* Writes through the in-direction buffer capability: must fault (it is load-only). */
long scribble(long pointer, long length)
{
    (void)pointer; (void)length;
    cvm_cap_write(cvm_call_buffer(), 0, "X", 1);
    return 0;
}
CVM_EXPORT(scribble);

/* Loads from an address outside this cVM. */
long crash(long address)
{
    return *(volatile long *)address;
}
CVM_EXPORT(crash);

long spin(void)
{
    for (;;) { __asm__ volatile(""); }
}
CVM_EXPORT(spin);

/* Returns a number the monitor also uses as an error code: the caller must still tell them apart. */
long lie(void) { return CVM_ECALLEE_FAULT; }
CVM_EXPORT(lie);

/* How many times main has started (a restarted cVM starts from a fresh image, so this is always 1). */
static long starts;
long started(void) { return starts; }
CVM_EXPORT(started);

int main(void)
{
    starts++;
    /* Stay alive to serve calls until the caller tells us to stop. */
    CHECK(cvm_capfile_wait("stop", 0) >= 1);
    return 0;
}
