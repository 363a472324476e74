/* A record parser written the way too much C is: it trusts the length the record claims. Its name buffer is a
 * 32-byte CP_File ("name") reached through the capability the monitor hands out, bounded to exactly 32 bytes, so
 * the overflow a crafted record causes is a CHERI length violation at the first byte past the buffer instead of
 * silently overwriting whatever lies next to it. parser.h and parser_server.c are generated from RecordParser.cs. */
#include "parser.h"

#define NAME_CAPACITY 32

static cvm_cap name_buffer;

size_t parser_ParseName_impl(const uint8_t *record, size_t record_length, char *cvm__result, size_t cvm__result_capacity)
{
    /* Probed on every call: after a fault the cVM restarts from its image and the capability is gone. */
    if (cvm_capfile_probe("name", &name_buffer) != NAME_CAPACITY || record_length == 0) return 0;
    size_t length = record[0];
    /* THE BUG: no check of length against NAME_CAPACITY (nor against record_length). */
    for (size_t i = 0; i < length; i++) cvm_cap_write(&name_buffer, i, &record[1 + i], 1);
    if (length > cvm__result_capacity) length = cvm__result_capacity;
    cvm_cap_read(cvm__result, &name_buffer, 0, length);
    return length;
}

int main(void)
{
    cvm_puts("parser: ready\n");
    /* Keeps the cVM alive to serve calls; the host never notifies "stop", it disposes the monitor. */
    cvm_capfile_wait("stop", 0);
    return 0;
}
