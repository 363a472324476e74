/* The victim of the isolation suite: fills `secret` with a pattern, lets other cVMs run for a while, then checks
 * that the pattern is intact. Its memory is also compared byte for byte by the test. */
#include "check.h"

unsigned char secret[4096] __attribute__((aligned(4096)));

/* An export nobody is granted. */
long peek(long index) { return secret[index & 4095]; }
CVM_EXPORT(peek);

int main(void)
{
    for (int i = 0; i < 4096; i++) secret[i] = (unsigned char)(i * 13 + 5);
    for (int round = 0; round < 200; round++) cvm_yield();
    for (int i = 0; i < 4096; i++) CHECK(secret[i] == (unsigned char)(i * 13 + 5));
    cvm_puts("victim intact\n");
    return 0;
}
