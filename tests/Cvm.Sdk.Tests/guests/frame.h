/* Hand-written contract frame helpers following docs/contracts-abi.md (what generated guest bindings do). */
#ifndef FRAME_H
#define FRAME_H
#include "cvm.h"

typedef unsigned long u64;
typedef unsigned int u32;

#define IN_HEADER 24
#define IN_SLOT(i) (IN_HEADER + 8 * (i))
#define OUT_SLOT(i) (8 + 8 * (i))

/* Callee side: the areas arrive as capabilities (slot 4 and slot 255); a1/a3 are their lengths. */
static inline u64 in64(u64 offset) { u64 v; cvm_cap_read(&v, cvm_call_buffer(), offset, 8); return v; }
static inline void out64(u64 offset, u64 v) { cvm_cap_write(cvm_call_out_buffer(), offset, &v, 8); }

/* Header checks, in the documented order. */
static inline long check_header(u64 hash, u32 id, u32 count, u64 in_length, u64 out_length)
{
    if (in_length < IN_SLOT(count) || out_length < OUT_SLOT(count)) return CVM_EPROTO;
    if (in64(0) != hash) return CVM_ECONTRACT;
    u64 word = in64(8);
    if ((u32)word != id || (u32)(word >> 32) != count) return CVM_EPROTO;
    return 0;
}

/* A data slot checked against its area: byte offset and byte length. */
static inline long check_data(u64 slot, u64 element, u64 header_end, u64 area_length, u64 *offset, u64 *bytes)
{
    u64 o = slot >> 32, n = slot & 0xffffffffUL;
    if (o % 8 || o < header_end || o > area_length || n * element > area_length - o) return CVM_EPROTO;
    *offset = o;
    *bytes = n * element;
    return 0;
}

/* Caller side: a frame built in local memory. */
struct frame {
    unsigned char in[512] __attribute__((aligned(16)));
    unsigned char out[512] __attribute__((aligned(16)));
    u64 in_used, out_used;
};

static inline void put64(unsigned char *area, u64 offset, u64 v) { for (int i = 0; i < 8; i++) area[offset + i] = (unsigned char)(v >> (8 * i)); }
static inline u64 get64(const unsigned char *area, u64 offset) { u64 v = 0; for (int i = 0; i < 8; i++) v |= (u64)area[offset + i] << (8 * i); return v; }

static inline void frame_begin(struct frame *f, u64 hash, u32 id, u32 count, u32 return_capacity)
{
    for (unsigned i = 0; i < sizeof f->in; i++) f->in[i] = 0;
    for (unsigned i = 0; i < sizeof f->out; i++) f->out[i] = 0;
    put64(f->in, 0, hash);
    put64(f->in, 8, (u64)id | (u64)count << 32);
    f->in_used = IN_SLOT(count);
    f->out_used = OUT_SLOT(count);
    if (return_capacity) {
        put64(f->in, 16, f->out_used | (u64)return_capacity << 32);
        f->out_used += (return_capacity + 7) & ~7UL;
    }
}

static inline void frame_in_data(struct frame *f, u32 index, const void *data, u32 count, u32 element)
{
    const unsigned char *bytes = data;
    for (u64 i = 0; i < (u64)count * element; i++) f->in[f->in_used + i] = bytes[i];
    put64(f->in, IN_SLOT(index), f->in_used << 32 | count);
    f->in_used += ((u64)count * element + 7) & ~7UL;
}

static inline u64 frame_out_data(struct frame *f, u32 index, u32 count, u32 element)
{
    u64 offset = f->out_used;
    put64(f->in, IN_SLOT(index), offset << 32 | count);
    f->out_used += ((u64)count * element + 7) & ~7UL;
    return offset;
}

static inline long frame_call(long index, struct frame *f)
{
    return cvm_service_call(index, f->in, f->in_used, f->out, f->out_used);
}

#endif
