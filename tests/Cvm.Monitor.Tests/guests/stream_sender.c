/* Sends three messages down the stream. */
#include "check.h"

static char message[32];

int main(void)
{
    long push = cvm_call_lookup("receiver.push");
    CHECK(push >= 0);
    const char *texts[] = { "one", "two", "three" };
    for (int i = 0; i < 3; i++) {
        unsigned long n = cvm_strlen(texts[i]);
        for (unsigned long k = 0; k < n; k++) message[k] = texts[i][k];
        cvm_pair r = cvm_call(push, (long)message, (long)n, 0, 0, 0, 0);
        CHECK(r.a0 == 0 && r.a1 == (long)n);
    }
    return 0;
}
