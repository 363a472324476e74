/* Implements contract "kv" by hand as generated callee dispatch would, and calls the host's "echo" service at start. */
#include "frame.h"

const unsigned long long __cvm_contract_kv __attribute__((used)) = KV_HASH;
const unsigned long long __cvm_contract_echo __attribute__((used)) = ECHO_HASH;

#define ENTRIES 8
static unsigned char keys[ENTRIES][32], values[ENTRIES][64];
static u64 key_lengths[ENTRIES], value_lengths[ENTRIES], used;

static long find(const unsigned char *key, u64 length)
{
    for (u64 e = 0; e < used; e++) {
        if (key_lengths[e] != length) continue;
        u64 i = 0;
        while (i < length && keys[e][i] == key[i]) i++;
        if (i == length) return (long)e;
    }
    return -1;
}

/* 1: int Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) */
long kv__Put(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 1, 2, in_length, out_length);
    if (status) return status;
    u64 key_offset, key_bytes, value_offset, value_bytes;
    if (check_data(in64(IN_SLOT(0)), 1, IN_SLOT(2), in_length, &key_offset, &key_bytes)
        || check_data(in64(IN_SLOT(1)), 1, IN_SLOT(2), in_length, &value_offset, &value_bytes)
        || key_bytes > 32 || value_bytes > 64)
        return CVM_EPROTO;
    unsigned char key[32];
    cvm_cap_read(key, cvm_call_buffer(), key_offset, key_bytes);
    long entry = find(key, key_bytes);
    if (entry < 0) {
        if (used == ENTRIES) { out64(0, (u64)-1L); return 0; }
        entry = (long)used++;
        for (u64 i = 0; i < key_bytes; i++) keys[entry][i] = key[i];
        key_lengths[entry] = key_bytes;
    }
    cvm_cap_read(values[entry], cvm_call_buffer(), value_offset, value_bytes);
    value_lengths[entry] = value_bytes;
    out64(0, used);
    return 0;
}
CVM_EXPORT(kv__Put);

/* 2: int Get(ReadOnlySpan<byte> key, Span<byte> value) */
long kv__Get(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 2, 2, in_length, out_length);
    if (status) return status;
    u64 key_offset, key_bytes, value_offset, value_bytes;
    if (check_data(in64(IN_SLOT(0)), 1, IN_SLOT(2), in_length, &key_offset, &key_bytes)
        || check_data(in64(IN_SLOT(1)), 1, OUT_SLOT(2), out_length, &value_offset, &value_bytes) || key_bytes > 32)
        return CVM_EPROTO;
    unsigned char key[32];
    cvm_cap_read(key, cvm_call_buffer(), key_offset, key_bytes);
    long entry = find(key, key_bytes);
    if (entry < 0) { out64(0, (u64)-1L); return 0; }
    u64 n = value_lengths[entry] < value_bytes ? value_lengths[entry] : value_bytes;
    cvm_cap_write(cvm_call_out_buffer(), value_offset, values[entry], n);
    out64(0, value_lengths[entry]);
    return 0;
}
CVM_EXPORT(kv__Get);

/* 3: double Mix(sbyte a, ushort b, int c, ulong d, float e, double f, bool g, Color h, out long sum) */
long kv__Mix(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 3, 9, in_length, out_length);
    if (status) return status;
    long a = (long)in64(IN_SLOT(0));
    u64 b = in64(IN_SLOT(1)), d = in64(IN_SLOT(3)), g = in64(IN_SLOT(6));
    long c = (long)in64(IN_SLOT(2)), h = (long)in64(IN_SLOT(7));
    u32 e_bits = (u32)in64(IN_SLOT(4));
    u64 f_bits = in64(IN_SLOT(5));
    float e; double f;
    __builtin_memcpy(&e, &e_bits, 4);
    __builtin_memcpy(&f, &f_bits, 8);
    out64(OUT_SLOT(8), (u64)(a + (long)b + c + (long)d + (long)g + h));
    double result = (double)e * f;
    u64 bits;
    __builtin_memcpy(&bits, &result, 8);
    out64(0, bits);
    return 0;
}
CVM_EXPORT(kv__Mix);

/* 4: string Name() */
long kv__Name(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 4, 0, in_length, out_length);
    if (status) return status;
    u64 buffer = in64(16);
    u64 offset = buffer & 0xffffffffUL, capacity = buffer >> 32;
    static const char name[] = "kv-guest \xce\xbb";
    if (capacity < sizeof name - 1) return CVM_EPROTO;
    cvm_cap_write(cvm_call_out_buffer(), offset, name, sizeof name - 1);
    out64(0, sizeof name - 1);
    return 0;
}
CVM_EXPORT(kv__Name);

struct point { int x, y; long z; };
_Static_assert(sizeof(struct point) == 16, "Point layout");

/* 5: Point Scale(Point point) */
long kv__Scale(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 5, 1, in_length, out_length);
    if (status) return status;
    u64 offset, bytes;
    if (check_data(in64(IN_SLOT(0)), sizeof(struct point), IN_SLOT(1), in_length, &offset, &bytes) || bytes != sizeof(struct point))
        return CVM_EPROTO;
    struct point p;
    cvm_cap_read(&p, cvm_call_buffer(), offset, sizeof p);
    p.x *= 2; p.y *= 3; p.z = -p.z;
    cvm_cap_write(cvm_call_out_buffer(), in64(16) & 0xffffffffUL, &p, sizeof p);
    return 0;
}
CVM_EXPORT(kv__Scale);

/* 6: void Crash(): reads past the end of the in area through its capability. */
long kv__Crash(long in, long in_length, long out, long out_length)
{
    u64 v;
    cvm_cap_read(&v, cvm_call_buffer(), (u64)in_length, 8);
    return (long)v;
}
CVM_EXPORT(kv__Crash);

/* 7: void Spin(): never returns (the budget ends it). */
long kv__Spin(long in, long in_length, long out, long out_length)
{
    volatile long n = 0;
    for (;;) n++;
    return 0;
}
CVM_EXPORT(kv__Spin);

/* 8: byte[] Lie(): claims more elements than the return buffer holds. */
long kv__Lie(long in, long in_length, long out, long out_length)
{
    out64(0, 1000000);
    return 0;
}
CVM_EXPORT(kv__Lie);

/* 9: Color BadEnum(): a value Color does not declare. */
long kv__BadEnum(long in, long in_length, long out, long out_length)
{
    out64(0, 7);
    return 0;
}
CVM_EXPORT(kv__BadEnum);

/* 10: ValueTask<long> CountAsync() */
long kv__CountAsync(long in, long in_length, long out, long out_length)
{
    long status = check_header(KV_HASH, 10, 0, in_length, out_length);
    if (status) return status;
    out64(0, used);
    return 0;
}
CVM_EXPORT(kv__CountAsync);

int main(void)
{
    /* Guest -> host: echo.Reverse("hello", span of 5), then echo.Greet("cvm"). */
    long reverse = cvm_call_lookup("host.echo__Reverse");
    long greet = cvm_call_lookup("host.echo__Greet");
    if (reverse < 0 || greet < 0) return 10;
    struct frame f;
    frame_begin(&f, ECHO_HASH, 1, 2, 0);
    frame_in_data(&f, 0, "hello", 5, 1);
    u64 output = frame_out_data(&f, 1, 5, 1);
    long status = frame_call(reverse, &f);
    if (status) return 11;
    cvm_write(f.out + output, 5);
    cvm_puts(" ");
    cvm_print_long((long)get64(f.out, 0));
    cvm_puts("\n");

    frame_begin(&f, ECHO_HASH, 2, 1, 128);
    frame_in_data(&f, 0, "cvm", 3, 1);
    if (frame_call(greet, &f)) return 12;
    u64 length = get64(f.out, 0);
    if (length > 128) return 13;
    cvm_write(f.out + (get64(f.in, 16) & 0xffffffffUL), length);
    cvm_puts("\n");

    /* A frame with a stale contract hash: the host refuses it. */
    frame_begin(&f, ECHO_HASH ^ 1, 2, 1, 128);
    frame_in_data(&f, 0, "cvm", 3, 1);
    cvm_print_long(frame_call(greet, &f));
    cvm_puts("\n");

    /* Serve calls until the host notifies "park". */
    cvm_capfile_wait("park", 0);
    return 0;
}
