/* The key-value store (the role Redis plays in the CAP-VMs paper): a fixed table in this cVM's own memory, served
 * through the kv contract. kv.h and kv_server.c are generated from KeyValueStore.cs. Bulk values are not copied
 * into the call: the caller leaves them in the shared "bulk" buffer and the store reads them through the
 * capability its probe of that buffer returns. */
#include "kv.h"

#define CAPACITY 8
#define KEY_CAPACITY 32
#define VALUE_CAPACITY 256

struct entry {
    size_t key_length, value_length;
    char key[KEY_CAPACITY];
    char value[VALUE_CAPACITY];
};

static struct entry table[CAPACITY];
static int32_t used;
static cvm_cap bulk;

static int same_key(const struct entry *e, const char *key, size_t key_length)
{
    if (e->key_length != key_length) return 0;
    for (size_t i = 0; i < key_length; i++) if (e->key[i] != key[i]) return 0;
    return 1;
}

/* The entry for key, created if it is new and there is room; NULL otherwise. */
static struct entry *slot_for(const char *key, size_t key_length)
{
    if (key_length == 0 || key_length > KEY_CAPACITY) return 0;
    for (int32_t i = 0; i < used; i++) if (same_key(&table[i], key, key_length)) return &table[i];
    if (used == CAPACITY) return 0;
    struct entry *e = &table[used++];
    e->key_length = key_length;
    for (size_t i = 0; i < key_length; i++) e->key[i] = key[i];
    e->value_length = 0;
    return e;
}

bool kv_Put_impl(const char *key, size_t key_length, const char *value, size_t value_length)
{
    if (value_length > VALUE_CAPACITY) return false;
    struct entry *e = slot_for(key, key_length);
    if (!e) return false;
    for (size_t i = 0; i < value_length; i++) e->value[i] = value[i];
    e->value_length = value_length;
    return true;
}

bool kv_PutBulk_impl(const char *key, size_t key_length, int32_t length)
{
    /* The probe returns the buffer's length; the capability it stores is bounded to it, so a length the caller
     * overstates could only fault inside this call, and is refused here first. */
    long size = cvm_capfile_probe("bulk", &bulk);
    if (size < 0 || length < 0 || length > size || length > VALUE_CAPACITY) return false;
    struct entry *e = slot_for(key, key_length);
    if (!e) return false;
    cvm_cap_read(e->value, &bulk, 0, (unsigned long)length);
    e->value_length = (size_t)length;
    return true;
}

size_t kv_Get_impl(const char *key, size_t key_length, char *cvm__result, size_t cvm__result_capacity)
{
    for (int32_t i = 0; i < used; i++) {
        if (!same_key(&table[i], key, key_length)) continue;
        size_t length = table[i].value_length < cvm__result_capacity ? table[i].value_length : cvm__result_capacity;
        for (size_t j = 0; j < length; j++) cvm__result[j] = table[i].value[j];
        return length;
    }
    return 0;
}

int32_t kv_Count_impl(void) { return used; }

int main(void)
{
    cvm_puts("store: ready\n");
    /* Keeps the cVM alive to serve calls; the host never notifies "stop", it disposes the monitor. */
    cvm_capfile_wait("stop", 0);
    return 0;
}
