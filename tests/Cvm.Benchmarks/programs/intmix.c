/* A CPU-bound integer workload in the spirit of CoreMark, written for the CvmSdk emulator benchmark:
   linked-list merge sort, integer matrix multiply, CRC-32 and a byte-driven state machine, repeated
   ITERATIONS times (argv[1]). Prints a checksum so that every runner must compute the same thing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { LIST_LENGTH = 512, MATRIX_SIZE = 24, BUFFER_SIZE = 2048 };

struct node { uint32_t key; struct node *next; };

static uint32_t lcg_state = 12345;
static uint32_t next_random(void) { lcg_state = lcg_state * 1103515245u + 12345u; return lcg_state >> 8; }

static struct node *merge(struct node *a, struct node *b) {
    struct node head, *tail = &head;
    while (a && b) {
        if (a->key <= b->key) { tail->next = a; a = a->next; } else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

static struct node *sort(struct node *list) {
    if (!list || !list->next) return list;
    struct node *slow = list, *fast = list->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(sort(list), sort(second));
}

static uint32_t list_work(struct node *nodes) {
    for (int i = 0; i < LIST_LENGTH; i++) { nodes[i].key = next_random(); nodes[i].next = i + 1 < LIST_LENGTH ? &nodes[i + 1] : NULL; }
    struct node *sorted = sort(nodes);
    uint32_t sum = 0, position = 0;
    for (struct node *n = sorted; n; n = n->next) sum += n->key * ++position;
    return sum;
}

static int32_t a[MATRIX_SIZE][MATRIX_SIZE], b[MATRIX_SIZE][MATRIX_SIZE], c[MATRIX_SIZE][MATRIX_SIZE];

static uint32_t matrix_work(uint32_t seed) {
    for (int i = 0; i < MATRIX_SIZE; i++)
        for (int j = 0; j < MATRIX_SIZE; j++) { a[i][j] = (int32_t)(seed + i * j) % 97 - 48; b[i][j] = (int32_t)(seed ^ (i + j)) % 89 - 44; }
    for (int i = 0; i < MATRIX_SIZE; i++)
        for (int j = 0; j < MATRIX_SIZE; j++) {
            int32_t sum = 0;
            for (int k = 0; k < MATRIX_SIZE; k++) sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
    uint32_t checksum = 0;
    for (int i = 0; i < MATRIX_SIZE; i++) for (int j = 0; j < MATRIX_SIZE; j++) checksum = checksum * 31 + (uint32_t)c[i][j];
    return checksum;
}

static uint32_t crc32(const uint8_t *data, int length, uint32_t crc) {
    crc = ~crc;
    for (int i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

/* Recognises signed decimal numbers, hex numbers and words in a byte stream. */
static uint32_t state_machine(const uint8_t *data, int length) {
    enum { START, SIGN, DECIMAL, ZERO, HEX, WORD, OTHER } state = START;
    uint32_t counts[7] = {0};
    for (int i = 0; i < length; i++) {
        uint8_t ch = data[i];
        int digit = ch >= '0' && ch <= '9', letter = (ch | 32) >= 'a' && (ch | 32) <= 'z';
        if (ch == ' ') { counts[state]++; state = START; continue; }
        switch (state) {
        case START: state = ch == '-' ? SIGN : ch == '0' ? ZERO : digit ? DECIMAL : letter ? WORD : OTHER; break;
        case SIGN: state = digit ? DECIMAL : OTHER; break;
        case DECIMAL: state = digit ? DECIMAL : OTHER; break;
        case ZERO: state = (ch | 32) == 'x' ? HEX : digit ? DECIMAL : OTHER; break;
        case HEX: state = digit || ((ch | 32) >= 'a' && (ch | 32) <= 'f') ? HEX : OTHER; break;
        case WORD: state = letter || digit ? WORD : OTHER; break;
        default: break;
        }
    }
    uint32_t checksum = 0;
    for (int s = 0; s < 7; s++) checksum = checksum * 131 + counts[s];
    return checksum;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 100;
    struct node *nodes = malloc(sizeof(struct node) * LIST_LENGTH);
    uint8_t *buffer = malloc(BUFFER_SIZE);
    static const char alphabet[] = "0123456789abcdefxX- -  qrstuvwxyz";
    uint32_t checksum = 0;
    for (int iteration = 0; iteration < iterations; iteration++) {
        for (int i = 0; i < BUFFER_SIZE; i++) buffer[i] = (uint8_t)alphabet[next_random() % (sizeof alphabet - 1)];
        checksum ^= list_work(nodes);
        checksum = checksum * 7 + matrix_work(checksum);
        checksum = crc32(buffer, BUFFER_SIZE, checksum);
        checksum += state_machine(buffer, BUFFER_SIZE);
    }
    printf("intmix: %d iterations, checksum %08x\n", iterations, checksum);
    free(buffer);
    free(nodes);
    return 0;
}
