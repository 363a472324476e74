/* Heap data structures: a binary search tree, a chained hash table that grows with realloc, a doubly linked
 * list and many malloc/free cycles of varied sizes; every structure's invariants are checked. Exits with the
 * number of broken invariants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct node { long key; struct node *left, *right; };

static struct node *insert(struct node *root, long key)
{
    if (!root) {
        struct node *n = malloc(sizeof *n);
        if (!n) return NULL;
        n->key = key; n->left = n->right = NULL;
        return n;
    }
    if (key < root->key) root->left = insert(root->left, key);
    else if (key > root->key) root->right = insert(root->right, key);
    return root;
}

static int height(const struct node *n) { if (!n) return 0; int l = height(n->left), r = height(n->right); return 1 + (l > r ? l : r); }
static long count(const struct node *n) { return n ? 1 + count(n->left) + count(n->right) : 0; }
static long previous_key;
static int in_order_ok(const struct node *n)
{
    if (!n) return 1;
    if (!in_order_ok(n->left)) return 0;
    if (n->key <= previous_key) return 0;
    previous_key = n->key;
    return in_order_ok(n->right);
}
static void release(struct node *n) { if (n) { release(n->left); release(n->right); free(n); } }

struct entry { char *key; long value; struct entry *next; };
struct table { struct entry **buckets; size_t size, used; };

static uint64_t hash_string(const char *s) { uint64_t h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }

static void table_put(struct table *t, const char *key, long value)
{
    if (t->used * 2 >= t->size) {
        size_t new_size = t->size ? t->size * 2 : 8;
        struct entry **buckets = calloc(new_size, sizeof *buckets);
        for (size_t i = 0; i < t->size; i++)
            for (struct entry *e = t->buckets[i], *next; e; e = next) {
                next = e->next;
                size_t b = hash_string(e->key) % new_size;
                e->next = buckets[b];
                buckets[b] = e;
            }
        free(t->buckets);
        t->buckets = buckets;
        t->size = new_size;
    }
    size_t b = hash_string(key) % t->size;
    for (struct entry *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) { e->value += value; return; }
    struct entry *e = malloc(sizeof *e);
    e->key = malloc(strlen(key) + 1);
    strcpy(e->key, key);
    e->value = value;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->used++;
}

static long table_get(const struct table *t, const char *key)
{
    for (struct entry *e = t->buckets[hash_string(key) % t->size]; e; e = e->next)
        if (strcmp(e->key, key) == 0) return e->value;
    return -1;
}

struct link { int value; struct link *prev, *next; };

int main(void)
{
    int broken = 0;
    struct node *root = NULL;
    uint32_t seed = 7;
    for (int i = 0; i < 5000; i++) { seed = seed * 69069u + 1; root = insert(root, (long)(seed % 100000)); }
    previous_key = -1;
    int ordered = in_order_ok(root);
    printf("tree: %ld distinct keys, height %d, in order %d\n", count(root), height(root), ordered);
    broken += !ordered;
    release(root);

    struct table t = { 0 };
    char key[32];
    for (int i = 0; i < 3000; i++) { snprintf(key, sizeof key, "key-%d", (i * 7919) % 1000); table_put(&t, key, i); }
    long total = 0;
    for (int i = 0; i < 1000; i++) { snprintf(key, sizeof key, "key-%d", i); total += table_get(&t, key); }
    size_t longest = 0;
    for (size_t b = 0; b < t.size; b++) { size_t n = 0; for (struct entry *e = t.buckets[b]; e; e = e->next) n++; if (n > longest) longest = n; }
    printf("hash table: %zu entries in %zu buckets, longest chain %zu, value total %ld\n", t.used, t.size, longest, total);
    broken += t.used != 1000 || total != 3000L * 2999 / 2;

    struct link *head = NULL, *tail = NULL;
    for (int i = 0; i < 1000; i++) {
        struct link *l = malloc(sizeof *l);
        l->value = i; l->next = NULL; l->prev = tail;
        if (tail) tail->next = l; else head = l;
        tail = l;
    }
    for (struct link *l = head, *next; l; l = next) {
        next = l->next;
        if (l->value % 3 == 0) {
            if (l->prev) l->prev->next = l->next; else head = l->next;
            if (l->next) l->next->prev = l->prev; else tail = l->prev;
            free(l);
        }
    }
    long forward = 0, backward = 0, length = 0;
    for (struct link *l = head; l; l = l->next) { forward += l->value; length++; }
    for (struct link *l = tail; l; l = l->prev) backward += l->value;
    printf("list: %ld links, sums %ld forward and %ld backward\n", length, forward, backward);
    broken += forward != backward || length != 666;

    char *blocks[64] = { 0 };
    uint64_t check = 0;
    for (int round = 0; round < 4000; round++) {
        seed = seed * 69069u + 1;
        int slot = (int)(seed >> 8) % 64;
        size_t size = 1 + (seed >> 16) % 3000;
        if (blocks[slot] && (seed & 1)) {
            char *grown = realloc(blocks[slot], size);
            if (!grown) { broken++; break; }
            blocks[slot] = grown;
        } else {
            free(blocks[slot]);
            blocks[slot] = malloc(size);
            if (!blocks[slot]) { broken++; break; }
        }
        memset(blocks[slot], slot, size);
        check += (unsigned char)blocks[slot][size - 1] * size;
    }
    for (int i = 0; i < 64; i++) free(blocks[i]);
    printf("allocator churn checksum %llu\n", (unsigned long long)check);
    return broken;
}
