/* Probes "channel" (retrying until the owner advertised it), waits for the request, answers through the
 * capability and notifies. */
#include "check.h"

static cvm_cap channel;

int main(void)
{
    long size;
    while ((size = cvm_capfile_probe("channel", &channel)) == CVM_EAGAIN) cvm_yield();
    CHECK(size == 256);
    CHECK(cvm_capfile_wait("channel", 0) >= 1);
    char request[5];
    cvm_cap_read(request, &channel, 0, 5);
    CHECK(bytes_equal(request, "ping", 5));
    cvm_cap_write(&channel, 64, "pong", 5);
    CHECK(cvm_capfile_notify("channel") == 2);
    cvm_puts("peer answered\n");
    return 0;
}
