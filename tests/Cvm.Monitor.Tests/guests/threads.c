/* Threads of one cVM: create, join, sleep on the deterministic clock, and a shared counter guarded by yields. */
#include "check.h"

static volatile long counter;

static long worker(long id)
{
    for (int i = 0; i < 1000; i++) counter++;
    cvm_sleep(1000 * (unsigned long)id);
    return id * 10;
}

int main(void)
{
    long before = cvm_time();
    long ids[3];
    for (long i = 0; i < 3; i++) {
        ids[i] = cvm_thread_create(worker, i + 1);
        CHECK(ids[i] > 0);
    }
    /* Main plus three workers fill the four stack slots. */
    CHECK(cvm_thread_create(worker, 9) == CVM_EAGAIN);
    CHECK(cvm_thread_join(999).a0 == CVM_ENOENT);
    struct cvm_info info;
    CHECK(cvm_get_info(&info) == sizeof info);
    CHECK(cvm_thread_join((long)info.thread).a0 == CVM_EDEADLK);
    for (long i = 0; i < 3; i++) {
        cvm_pair r = cvm_thread_join(ids[i]);
        CHECK(r.a0 == 0 && r.a1 == (i + 1) * 10);
    }
    CHECK(counter == 3000);
    CHECK(cvm_time() - before >= 3000);
    cvm_puts("threads joined\n");
    return 5;
}
