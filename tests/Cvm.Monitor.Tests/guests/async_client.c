/* An asynchronous CP_Call: a worker thread runs the call in the server while main goes on; completion arrives
 * through the CP_File "done". */
#include "check.h"

static struct cvm_async record = { -99, -99, "done", 4 };

int main(void)
{
    long add = cvm_call_lookup("server.add");
    CHECK(add >= 0);
    CHECK(cvm_call_async(99, 0, 0, 0, 0, &record) == CVM_ENOENT);
    CHECK(cvm_call_async(add, 0, 0, 0, 0, (struct cvm_async *)0x1000) == CVM_EFAULT);
    long worker = cvm_call_async(add, 20, 22, 0, 0, &record);
    CHECK(worker > 0);
    cvm_puts("main goes on\n");
    CHECK(cvm_capfile_wait("done", 0) == 1);
    CHECK(record.status == 0 && record.result == 42);
    CHECK(cvm_thread_join(worker).a0 == 0);
    cvm_puts("async result arrived\n");
    cvm_capfile_notify("stop");
    return 0;
}
