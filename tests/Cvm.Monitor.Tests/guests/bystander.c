/* A cVM with nothing to do with the attack: it computes, prints and exits normally. */
#include "check.h"

int main(void)
{
    unsigned long x = 1;
    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 100; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
        cvm_yield();
    }
    CHECK(x != 0);
    cvm_puts("bystander done\n");
    return 0;
}
