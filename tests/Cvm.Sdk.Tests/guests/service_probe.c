/* Probes the service-call hostcall with bad input, then makes one valid call. Prints each status. */
#include "frame.h"

static void show(long value) { cvm_print_long(value); cvm_puts(" "); }

int main(int argc, char **argv)
{
    struct frame f;
    long index = cvm_call_lookup("store.kv__Put");
    show(index < CVM_HOST_IMPORT_BASE ? index : 0);
    if (argc > 1) return 0; /* the outsider: only the lookup */
    show(cvm_call_lookup("nostore.kv__Put"));
    frame_begin(&f, 0, 1, 2, 0);
    /* an in area outside this cVM */
    show(__cvm_hostcall(index, 0x1000, 64, (long)f.out, 64, 0, 0, CVM_HC_SERVICE_CALL).a0);
    /* an out area running past the end of the address space */
    show(__cvm_hostcall(index, (long)f.in, 64, -16L, 64, 0, 0, CVM_HC_SERVICE_CALL).a0);
    /* an import index nobody handed out */
    show(__cvm_hostcall(CVM_HOST_IMPORT_BASE + 99, (long)f.in, 64, (long)f.out, 64, 0, 0, CVM_HC_SERVICE_CALL).a0);
    /* a plain CP_Call index is not a host import */
    show(__cvm_hostcall(0, (long)f.in, 64, (long)f.out, 64, 0, 0, CVM_HC_SERVICE_CALL).a0);
    /* a valid call: the handler sees exactly the two areas */
    frame_in_data(&f, 0, "key", 3, 1);
    show(frame_call(index, &f));
    cvm_puts("\n");
    return 0;
}
