/* The receiving end of a stream built on CP_Call + CP_File: senders call `push` with their message as an
 * in-buffer; the receiver copies it once, through the capability, into its own ring and notifies "stream". */
#include "check.h"

static char ring[4][64];
static volatile long written;

long push(long pointer, long length)
{
    (void)pointer;
    if (length <= 0 || length > 63) return -1;
    if (written >= 4) return -2;
    char *slot = ring[written];
    cvm_cap_read(slot, cvm_call_buffer(), 0, (unsigned long)length);   /* the one copy */
    slot[length] = 0;
    written++;
    cvm_capfile_notify("stream");
    return length;
}
CVM_EXPORT(push);

int main(void)
{
    for (long seen = 0; seen < 3;) {
        long now = cvm_capfile_wait("stream", seen);
        CHECK(now > seen);
        for (; seen < now; seen++) {
            cvm_puts("received: ");
            cvm_puts(ring[seen]);
            cvm_puts("\n");
        }
    }
    return 0;
}
