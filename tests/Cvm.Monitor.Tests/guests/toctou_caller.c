/* A hostile caller: one thread calls the callee's In-buffer export again and again while a second thread keeps
 * rewriting that buffer, switching between a short message and one whose length field is far beyond the callee's
 * capacity, so the buffer changes while the callee reads it. */
#include "check.h"

#define CALLS 200

static volatile struct {
    unsigned long length;
    unsigned char data[64];
} message;

static volatile long stop;

static long rewrite(long unused)
{
    (void)unused;
    for (unsigned long round = 0; !stop; round++) {
        int oversized = round & 1;
        message.length = oversized ? 4000 : 1 + round % 64;
        for (int i = 0; i < 64; i++) message.data[i] = (unsigned char)(round + i);
    }
    return 0;
}

int main(void)
{
    long measure = cvm_call_lookup("callee.measure");
    CHECK(measure >= 0);
    message.length = 8;
    long writer = cvm_thread_create(rewrite, 0);
    CHECK(writer > 0);
    long accepted = 0, rejected = 0, total = 0;
    for (int call = 0; call < CALLS; call++) {
        cvm_pair r = cvm_call(measure, (long)&message, sizeof message, 0, 0, 0, 0);
        CHECK(r.a0 == 0);
        if (r.a1 < 0) rejected++;
        else { accepted++; total += r.a1; }
    }
    stop = 1;
    CHECK(cvm_thread_join(writer).a0 == 0);
    cvm_puts("caller accepted=");
    cvm_print_long(accepted);
    cvm_puts(" rejected=");
    cvm_print_long(rejected);
    cvm_puts(" total=");
    cvm_print_long(total);
    cvm_puts("\n");
    cvm_capfile_notify("stop");
    return 0;
}
