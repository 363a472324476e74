/* The initial process stack a Linux loader builds: argc, argv (NULL-terminated), envp, then the auxiliary vector.
 * Walks it by hand (so both C libraries run the same code) and prints the entries whose values the ELF fixes:
 * page size, program-header size and count, entry point, the program headers at AT_PHDR (glibc build) and 16
 * readable AT_RANDOM bytes. Values that differ legitimately between loaders (stack addresses, uid, hwcap) are not
 * printed. */
#include <stdio.h>
#include <stdint.h>

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_ENTRY = 9, AT_RANDOM = 25 };

extern char _start[];

struct phdr64 { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; };

int main(int argc, char **argv)
{
    char **envp = argv + argc + 1;
    while (*envp) envp++;
    const uint64_t *aux = (const uint64_t *)(envp + 1);
    uint64_t phdr = 0, phent = 0, phnum = 0, pagesz = 0, entry = 0, random = 0;
    int entries = 0;
    for (; aux[0] != AT_NULL && entries < 64; aux += 2, entries++) {
        switch (aux[0]) {
        case AT_PHDR: phdr = aux[1]; break;
        case AT_PHENT: phent = aux[1]; break;
        case AT_PHNUM: phnum = aux[1]; break;
        case AT_PAGESZ: pagesz = aux[1]; break;
        case AT_ENTRY: entry = aux[1]; break;
        case AT_RANDOM: random = aux[1]; break;
        }
    }
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    printf("AT_PAGESZ %llu\nAT_PHENT %llu\nAT_PHNUM %llu\n", (unsigned long long)pagesz, (unsigned long long)phent,
           (unsigned long long)phnum);
    printf("AT_ENTRY is _start: %d\n", entry == (uint64_t)(uintptr_t)_start);
    int loads = 0;
#ifdef __GLIBC__
    /* glibc's static start-up reads the program headers through AT_PHDR (for TLS), so it must point at them. The
     * picolibc build's linker script leaves the headers outside every loaded segment, so there AT_PHDR has nothing
     * meaningful to point at and is not read. */
    if (phdr != 0 && phent == sizeof(struct phdr64)) {
        const struct phdr64 *headers = (const struct phdr64 *)(uintptr_t)phdr;
        for (uint64_t i = 0; i < phnum; i++) {
            if (headers[i].type == 1) loads++;
            printf("phdr %llu: type %u flags %u vaddr 0x%llx memsz 0x%llx\n", (unsigned long long)i, headers[i].type,
                   headers[i].flags, (unsigned long long)headers[i].vaddr, (unsigned long long)headers[i].memsz);
        }
    }
    printf("AT_PHDR lists %d loadable segments\n", loads);
#else
    (void)phdr;
    loads = 1;
#endif
    int random_ok = 0;
    if (random != 0) {
        /* volatile reads, so the compiler cannot drop them: an unmapped AT_RANDOM would fault here */
        const volatile unsigned char *bytes = (const volatile unsigned char *)(uintptr_t)random;
        unsigned char folded = 0;
        for (int i = 0; i < 16; i++) folded ^= bytes[i];
        (void)folded;
        random_ok = 1;
    }
    printf("AT_RANDOM readable: %d\n", random_ok);
    return pagesz == 4096 && loads > 0 && random_ok && entry == (uint64_t)(uintptr_t)_start ? 0 : 1;
}
