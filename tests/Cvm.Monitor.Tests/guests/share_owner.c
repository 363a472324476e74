/* Owns the CP_File "channel": advertises a buffer in its own memory, writes a request into it, notifies, and
 * waits until the peer has answered through its capability. */
#include "check.h"

static char channel[256] __attribute__((aligned(256)));

int main(void)
{
    const char request[] = "ping";
    for (unsigned long i = 0; i < sizeof request; i++) channel[i] = request[i];
    CHECK(cvm_capfile_advertise("channel", channel, sizeof channel) == 0);
    CHECK(cvm_capfile_notify("channel") == 1);
    CHECK(cvm_capfile_wait("channel", 1) == 2);
    CHECK(bytes_equal(channel + 64, "pong", 5));
    cvm_puts("owner saw pong\n");
    return 0;
}
