/* Asynchronous calls that cannot succeed: a buffer export is refused, and a call that runs past its budget on
 * the server's worker completes with CVM_ECALLEE_BUDGET through the CP_File "done" while main waits. */
#include "check.h"

static struct cvm_async record = { -99, -99, "done", 4 };

int main(void)
{
    long sum = cvm_call_lookup("server.sum");
    CHECK(sum >= 0);
    CHECK(cvm_call_async(sum, 0, 0, 0, 0, &record) == CVM_EINVAL);
    long spin = cvm_call_lookup("server.spin");
    CHECK(spin >= 0);
    long worker = cvm_call_async(spin, 0, 0, 0, 0, &record);
    CHECK(worker > 0);
    CHECK(cvm_capfile_wait("done", 0) == 1);
    CHECK(record.status == CVM_ECALLEE_BUDGET);
    CHECK(cvm_thread_join(worker).a0 == CVM_ESTOPPED);
    cvm_puts("async call over budget reported\n");
    return 0;
}
