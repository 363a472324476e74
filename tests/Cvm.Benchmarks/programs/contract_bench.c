/* Contract "bench" for ContractBenchmarks: an empty method, one taking a ReadOnlySpan<byte>, and a client that
 * measures guest -> guest round trips in retired instructions. */
#include "frame.h"

const unsigned long long __cvm_contract_bench __attribute__((used)) = BENCH_HASH;

/* 1: void Empty() */
long bench__Empty(long in, long in_length, long out, long out_length)
{
    return check_header(BENCH_HASH, 1, 0, in_length, out_length);
}
CVM_EXPORT(bench__Empty);

/* 2: int Take(ReadOnlySpan<byte> data): validates the span and returns its length (the data is not copied). */
long bench__Take(long in, long in_length, long out, long out_length)
{
    long status = check_header(BENCH_HASH, 2, 1, in_length, out_length);
    if (status) return status;
    u64 offset, bytes;
    if (check_data(in64(IN_SLOT(0)), 1, IN_SLOT(1), in_length, &offset, &bytes)) return CVM_EPROTO;
    out64(0, bytes);
    return 0;
}
CVM_EXPORT(bench__Take);

static inline u64 instret(void) { u64 n; __asm__ volatile("rdinstret %0" : "=r"(n)); return n; }

int main(int argc, char **argv)
{
    if (argc < 2) {
        /* The server: serve calls until the host notifies "park". */
        cvm_capfile_wait("park", 0);
        return 0;
    }
    long empty = cvm_call_lookup("server.bench__Empty");
    if (empty < 0) return 1;
    struct frame f;
    frame_begin(&f, BENCH_HASH, 1, 0, 0);
    enum { CALLS = 100 };
    u64 start = instret();
    for (int i = 0; i < CALLS; i++)
        if (frame_call(empty, &f)) return 2;
    u64 per_call = (instret() - start) / CALLS;
    cvm_puts("guest->guest empty round trip, instructions: ");
    cvm_print_long((long)per_call);
    cvm_puts("\n");
    return 0;
}
