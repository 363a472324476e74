/* A small interpreter: a tokenizer and recursive-descent compiler for a tiny language (integer variables,
 * arithmetic, comparisons, while, if, print) that emits bytecode for a stack machine, which then runs the
 * programs below (primes, Collatz, gcd, Fibonacci). Errors in the sources are reported, not crashed on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, LE, EQ, NE, JMP, JZ, PRINT, HALT };
static const char *op_names[] = { "push", "load", "store", "add", "sub", "mul", "div", "mod", "lt", "le", "eq",
                                  "ne", "jmp", "jz", "print", "halt" };

static long code[4096];
static int emitted;
static const char *src;
static char token[64];
static long token_value;
static int token_kind; /* 'n' number, 'i' identifier, 0 end, else the character (or 'L' <=, 'E' ==, 'N' !=) */
static int error;

static void next(void)
{
    while (isspace((unsigned char)*src)) src++;
    if (!*src) { token_kind = 0; return; }
    if (isdigit((unsigned char)*src)) { token_value = strtol(src, (char **)&src, 10); token_kind = 'n'; return; }
    if (isalpha((unsigned char)*src)) {
        int n = 0;
        while (isalnum((unsigned char)*src) && n < 63) token[n++] = *src++;
        token[n] = 0;
        token_kind = 'i';
        return;
    }
    if (src[0] == '<' && src[1] == '=') { src += 2; token_kind = 'L'; return; }
    if (src[0] == '=' && src[1] == '=') { src += 2; token_kind = 'E'; return; }
    if (src[0] == '!' && src[1] == '=') { src += 2; token_kind = 'N'; return; }
    token_kind = *src++;
}

static void emit(long v) { if (emitted < 4096) code[emitted++] = v; else error = 1; }
static void expect(int kind) { if (token_kind != kind) { if (!error) printf("syntax error near '%c'\n", kind); error = 1; } next(); }
static int variable(void) { return (token[0] - 'a') % 26; }

static void expression(void);
static void primary(void)
{
    if (token_kind == 'n') { emit(PUSH); emit(token_value); next(); }
    else if (token_kind == 'i') { emit(LOAD); emit(variable()); next(); }
    else if (token_kind == '(') { next(); expression(); expect(')'); }
    else { if (!error) printf("unexpected token\n"); error = 1; next(); }
}
static void term(void)
{
    primary();
    while (token_kind == '*' || token_kind == '/' || token_kind == '%') {
        int k = token_kind; next(); primary();
        emit(k == '*' ? MUL : k == '/' ? DIV : MOD);
    }
}
static void sum(void)
{
    term();
    while (token_kind == '+' || token_kind == '-') { int k = token_kind; next(); term(); emit(k == '+' ? ADD : SUB); }
}
static void expression(void)
{
    sum();
    if (token_kind == '<' || token_kind == 'L' || token_kind == 'E' || token_kind == 'N') {
        int k = token_kind; next(); sum();
        emit(k == '<' ? LT : k == 'L' ? LE : k == 'E' ? EQ : NE);
    }
}
static void statement(void);
static void block(void) { expect('{'); while (token_kind && token_kind != '}' && !error) statement(); expect('}'); }
static void statement(void)
{
    if (token_kind == 'i' && strcmp(token, "while") == 0) {
        next();
        int top = emitted;
        expression();
        emit(JZ); int patch = emitted; emit(0);
        block();
        emit(JMP); emit(top);
        code[patch] = emitted;
    } else if (token_kind == 'i' && strcmp(token, "if") == 0) {
        next(); expression();
        emit(JZ); int patch = emitted; emit(0);
        block();
        code[patch] = emitted;
    } else if (token_kind == 'i' && strcmp(token, "print") == 0) {
        next(); expression(); emit(PRINT); expect(';');
    } else if (token_kind == 'i') {
        int v = variable(); next(); expect('='); expression(); emit(STORE); emit(v); expect(';');
    } else { if (!error) printf("bad statement\n"); error = 1; next(); }
}

static long run(long *steps)
{
    long stack[256], vars[26] = { 0 };
    int sp = 0, pc = 0;
    *steps = 0;
    for (;;) {
        ++*steps;
        if (sp < 0 || sp > 250) { printf("stack fault\n"); return -1; }
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; if (!stack[sp]) { printf("division by zero\n"); return -1; } stack[sp - 1] /= stack[sp]; break;
        case MOD: sp--; if (!stack[sp]) { printf("division by zero\n"); return -1; } stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case LE: sp--; stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case NE: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : (int)code[pc]; break;
        case PRINT: printf("%ld ", stack[--sp]); break;
        case HALT: return sp;
        default: printf("bad opcode\n"); return -1;
        }
    }
}

static const char *programs[] = {
    "n = 2; while n < 60 { d = 2; p = 1; while d * d <= n { if n % d == 0 { p = 0; } d = d + 1; } if p { print n; } n = n + 1; }",
    "n = 27; s = 0; while n != 1 { if n % 2 == 0 { n = n / 2; } if n % 2 != 0 { if n != 1 { n = 3 * n + 1; } } s = s + 1; } print s;",
    "a = 1071; b = 462; while b != 0 { t = a % b; a = b; b = t; } print a;",
    "a = 0; b = 1; i = 0; while i < 50 { print a; t = a + b; a = b; b = t; i = i + 1; }",
    "x = 10; y = 0; print x / y;",
    "x = (1 + ; print x;",
};

int main(void)
{
    for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
        emitted = 0; error = 0; src = programs[p];
        next();
        while (token_kind && !error) statement();
        emit(HALT);
        printf("program %zu: %d words", p, emitted);
        if (error) { printf(", not run\n"); continue; }
        int histogram[HALT + 1] = { 0 };
        for (int i = 0; i < emitted;) { int op = (int)code[i]; histogram[op]++; i += (op == PUSH || op == LOAD || op == STORE || op == JMP || op == JZ) ? 2 : 1; }
        printf(" (");
        for (int op = 0; op <= HALT; op++) if (histogram[op]) printf("%s:%d ", op_names[op], histogram[op]);
        printf(")\n  output: ");
        long steps;
        long depth = run(&steps);
        printf("\n  %ld steps, final stack depth %ld\n", steps, depth);
    }
    return 0;
}
