/* Calls contract "calc" in another cVM through the generated stubs (guest -> guest). */
#include "calc.h"

int main(void)
{
    long add = cvm_call_lookup("calc.calc__Add");
    long greet = cvm_call_lookup("calc.calc__Greet");
    long sum = cvm_call_lookup("calc.calc__Sum");
    long crash = cvm_call_lookup("calc.calc__Crash");
    if (add < 0 || greet < 0 || sum < 0 || crash < 0) return 1;
    int64_t total = 0;
    if (calc_Add(add, -1, 2, 3, 4, true, &total) != 0) return 2;
    cvm_print_long(total);
    cvm_puts(" ");
    char text[16];
    size_t length = 0;
    if (calc_Greet(greet, "peer", 4, text, sizeof text, &length) != 0) return 3;
    cvm_write(text, length);
    cvm_puts(" ");
    const int32_t values[] = { 5, 6, 7 };
    int64_t doubled[3] = { 0 };
    int32_t result = 0;
    if (calc_Sum(sum, values, 3, doubled, 3, &result) != 0) return 4;
    cvm_print_long(result);
    cvm_puts(" ");
    cvm_print_long(doubled[2]);
    cvm_puts(" ");
    /* 4400 bytes of payload: the stub pads and aligns the area to a representable length (CRRL/CRAM). */
    static int32_t many[1100];
    for (int i = 0; i < 1100; i++) many[i] = i;
    if (calc_Sum(sum, many, 1100, doubled, 0, &result) != 0) return 5;
    cvm_print_long(result);
    cvm_puts(" ");
    cvm_print_long(calc_Crash(crash));
    cvm_puts("\n");
    return 0;
}
