/* Strings and conversions: the C library's string functions (overlapping memmove, strstr, strtok, strchr/strrchr,
 * memcmp sign), number parsing with strtol/strtoull/strtod edge cases (bases, overflow, trailing text),
 * case conversion, and a hand-written word-frequency count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

static const char text[] =
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want "
    "of a wife. However little known the feelings or views of such a man may be on his first entering a "
    "neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is considered "
    "the rightful property of some one or other of their daughters.";

struct word { char text[24]; int count; };

static int by_count(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->text, y->text);
}

int main(void)
{
    char buffer[64] = "0123456789abcdefghij";
    memmove(buffer + 4, buffer, 10);
    printf("memmove forward overlap: %s\n", buffer);
    memmove(buffer, buffer + 6, 10);
    printf("memmove backward overlap: %s\n", buffer);
    printf("strlen %zu, strchr %s, strrchr %s, strstr %s, strspn %zu, strcspn %zu\n", strlen(text),
           strchr(text, 'w'), strrchr(text, 'w'), strstr(text, "truth is"), strspn("aaabbbccc", "ab"), strcspn(text, ",."));
    printf("memcmp sign: %d %d %d\n", memcmp("\x80", "\x01", 1) > 0, memcmp("abc", "abd", 3) < 0, memcmp("same", "same", 4));
    printf("strcmp: %d %d %d strncmp %d\n", strcmp("apple", "apricot") < 0, strcmp("b", "a") > 0, strcmp("", ""), strncmp("abcX", "abcY", 3));

    const char *numbers[] = { "0", "-1", "2147483647", "9223372036854775807", "9223372036854775808",
                              "-9223372036854775809", "0x7fffffff", "0777", "  +42abc", "junk", "18446744073709551615" };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char *end;
        errno = 0;
        long long v = strtoll(numbers[i], &end, 0);
        int e1 = errno;
        errno = 0;
        unsigned long long u = strtoull(numbers[i], NULL, 10);
        int e2 = errno;
        printf("%-24s strtoll %lld (erange %d, rest \"%s\") strtoull %llu (erange %d)\n", numbers[i], v, e1 == ERANGE,
               end, u, e2 == ERANGE);
    }
    const char *bases[] = { "zz", "101", "7f" };
    int base_values[] = { 36, 2, 16 };
    for (int i = 0; i < 3; i++) printf("strtol(\"%s\", %d) = %ld\n", bases[i], base_values[i], strtol(bases[i], NULL, base_values[i]));
    const char *reals[] = { "3.14159", "-0.0", "1e308", "2.2250738585072014e-308", "0x1.8p1", "inf", "1e-400", "12.5xyz" };
    for (int i = 0; i < 8; i++) {
        char *end;
        double d = strtod(reals[i], &end);
        printf("strtod(\"%s\") = %.17g rest \"%s\"\n", reals[i], d, end);
    }

    static char copy[sizeof text];
    strcpy(copy, text);
    static struct word words[128];
    int distinct = 0;
    for (char *token = strtok(copy, " ,.;"); token; token = strtok(NULL, " ,.;")) {
        for (char *c = token; *c; c++) *c = (char)tolower((unsigned char)*c);
        int found = 0;
        for (int i = 0; i < distinct; i++)
            if (strcmp(words[i].text, token) == 0) { words[i].count++; found = 1; break; }
        if (!found && distinct < 128) {
            strncpy(words[distinct].text, token, sizeof words[0].text - 1);
            words[distinct++].count = 1;
        }
    }
    qsort(words, (size_t)distinct, sizeof words[0], by_count);
    printf("%d distinct words; most frequent:", distinct);
    for (int i = 0; i < 8; i++) printf(" %s=%d", words[i].text, words[i].count);
    printf("\n");
    char upper[32];
    size_t i = 0;
    for (; text[i] && i < sizeof upper - 1; i++) upper[i] = (char)toupper((unsigned char)text[i]);
    upper[i] = 0;
    printf("upper: %s\n", upper);
    return 0;
}
