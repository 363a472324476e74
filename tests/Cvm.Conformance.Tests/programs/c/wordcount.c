/* Standard input: counts the lines, words and bytes of what it reads until end of file (read syscalls through
 * the C library), the most frequent letters and a checksum; the test feeds every program the same text. */
#include <stdio.h>
#include <ctype.h>
#include <stdint.h>

int main(void)
{
    long lines = 0, words = 0, bytes = 0;
    long letters[26] = { 0 };
    uint32_t checksum = 0;
    int in_word = 0, c;
    while ((c = getchar()) != EOF) {
        bytes++;
        checksum = (checksum << 5 | checksum >> 27) ^ (uint32_t)c;
        if (c == '\n') lines++;
        if (isspace(c)) in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
        if (isalpha(c)) letters[tolower(c) - 'a']++;
    }
    printf("%ld lines, %ld words, %ld bytes, checksum %08x\n", lines, words, bytes, (unsigned)checksum);
    for (int round = 0; round < 5; round++) {
        int best = 0;
        for (int i = 1; i < 26; i++) if (letters[i] > letters[best]) best = i;
        printf("%c: %ld\n", 'a' + best, letters[best]);
        letters[best] = -1;
    }
    return bytes == 0;
}
