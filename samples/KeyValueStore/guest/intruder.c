/* The intruder: a client that tries to read the store's memory instead of calling it. It is granted no export and
 * no buffer. Its hostcall with a pointer into the store's region is refused (CVM_EFAULT); its direct load from
 * that region is outside its DDC, a CHERI bounds fault that stops this cVM and nothing else. */
#include "cvm.h"

/* The store's region base (samples/KeyValueStore/Program.cs), where its image, and so its table, lies. */
#define STORE_MEMORY 0x20000000UL

int main(void)
{
    cvm_puts("intruder: lookup kv__Get: ");
    cvm_print_long(cvm_call_lookup("store.kv__Get"));
    cvm_puts("\nintruder: write the store's memory to the console: ");
    cvm_print_long(cvm_write((const void *)STORE_MEMORY, 64));
    cvm_puts("\nintruder: reading the store's memory directly\n");
    volatile const char *store = (volatile const char *)STORE_MEMORY;
    char stolen = store[0];
    cvm_puts("intruder: read ");
    cvm_write(&stolen, 1);
    cvm_puts(" (this should not happen)\n");
    return 0;
}
