/* A position-independent image: its pointer table needs R_RISCV_RELATIVE relocations to the load address. */
#include "cvm.h"
static const char *words[] = { "relocated ", "pointers ", "work\n" };
int main(void) { for (int i = 0; i < 3; i++) cvm_puts(words[i]); return 0; }
