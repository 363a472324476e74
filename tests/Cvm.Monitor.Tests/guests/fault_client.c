/* Calls a server export that faults (argv[1]: "stop", "restart" or "budget" names the expected policy) and
 * checks what the monitor returns. */
#include "check.h"

static unsigned char buffer[64] __attribute__((aligned(64)));

int main(int argc, char **argv)
{
    CHECK(argc == 2);
    char mode = argv[1][0];
    long add = cvm_call_lookup("server.add");
    long scribble = cvm_call_lookup("server.scribble");
    long spin = cvm_call_lookup("server.spin");
    CHECK(add >= 0 && scribble >= 0 && spin >= 0);
    for (int i = 0; i < 64; i++) buffer[i] = (unsigned char)i;

    cvm_pair r;
    if (mode == 'b') {
        r = cvm_call(spin, 0, 0, 0, 0, 0, 0);
        CHECK(r.a0 == CVM_ECALLEE_BUDGET && r.a1 == 0);
    } else {
        /* The callee writes through the load-only capability to our buffer: it faults, our buffer is untouched. */
        r = cvm_call(scribble, (long)buffer, 64, 0, 0, 0, 0);
        CHECK(r.a0 == CVM_ECALLEE_FAULT && r.a1 == 0);
        for (int i = 0; i < 64; i++) CHECK(buffer[i] == i);
    }

    r = cvm_call(add, 1, 2, 0, 0, 0, 0);
    if (mode == 'r') {
        CHECK(r.a0 == 0 && r.a1 == 3);
        cvm_capfile_notify("stop");
    } else {
        CHECK(r.a0 == CVM_ESTOPPED);
    }
    cvm_puts("caller survived\n");
    return 0;
}
