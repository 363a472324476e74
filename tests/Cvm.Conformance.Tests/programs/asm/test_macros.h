/*
 * Self-checking test programs for CvmSdk's emulator conformance suite.
 *
 * Every case loads its operands, runs the instruction under test, and compares the result (and, for floating
 * point, the accrued fflags) with the value the RISC-V specification gives. The first mismatch prints
 * "FAIL case N" on stderr and exits with status N (Linux exit, syscall 93); a program whose cases all pass prints
 * "PASS" and exits 0. The same ELF runs unchanged under qemu-riscv64 and `cvm exec`.
 *
 * Register use: s11 holds the current case number, a1/a2/a3 the operands, a4 the result, a5 the fflags read back,
 * t2 the expected value. Case numbers must stay below 256 (they are the exit status).
 */

#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

#define CASE_BEGIN(n) li s11, n
#define CHECK(reg, expect) li t2, expect; bne reg, t2, fail

/* Integer register-register and register-immediate operations. */
#define TEST_RR(n, insn, expect, a, b) \
    CASE_BEGIN(n); li a1, a; li a2, b; insn a4, a1, a2; CHECK(a4, expect)
#define TEST_RR_RD_IS_RS1(n, insn, expect, a, b) \
    CASE_BEGIN(n); li a1, a; li a2, b; insn a1, a1, a2; CHECK(a1, expect)
#define TEST_RR_RD_IS_RS2(n, insn, expect, a, b) \
    CASE_BEGIN(n); li a1, a; li a2, b; insn a2, a1, a2; CHECK(a2, expect)
#define TEST_RR_ZERO_RD(n, insn, a, b) \
    CASE_BEGIN(n); li a1, a; li a2, b; insn x0, a1, a2; CHECK(x0, 0)
#define TEST_RI(n, insn, expect, a, imm) \
    CASE_BEGIN(n); li a1, a; insn a4, a1, imm; CHECK(a4, expect)

/* Loads from a labelled table and store-then-load round trips through the scratch buffer. */
#define TEST_LOAD(n, insn, expect, symbol, offset) \
    CASE_BEGIN(n); la a1, symbol; insn a4, offset(a1); CHECK(a4, expect)
#define TEST_STORE_LOAD(n, store, load, expect, value, offset) \
    CASE_BEGIN(n); la a1, scratch; li a2, value; store a2, offset(a1); load a4, offset(a1); CHECK(a4, expect)

/* Branches: a4 becomes 1 when the branch is taken, 0 when it falls through. */
#define TEST_BRANCH(n, insn, taken, a, b) \
    CASE_BEGIN(n); li a1, a; li a2, b; li a4, 1; insn a1, a2, 1f; li a4, 0; 1: CHECK(a4, taken)

/* Atomic memory operations on the scratch buffer's first doubleword: checks the old value returned in rd and the
 * whole doubleword afterwards (so a 32-bit AMO that touched the neighbouring word is caught). */
#define TEST_AMO(n, insn, expect_old, expect_memory, initial, operand) \
    CASE_BEGIN(n); la a3, scratch; li a1, initial; sd a1, 0(a3); li a2, operand; insn a4, a2, (a3); \
    CHECK(a4, expect_old); ld a5, 0(a3); CHECK(a5, expect_memory)

/* Anything else: run the instructions, then compare one register. */
#define TEST_CASE(n, reg, expect, ...) \
    CASE_BEGIN(n); __VA_ARGS__; CHECK(reg, expect)

/* Floating point. W is D (binary64) or S (binary32); operands and results are raw bit patterns. A binary32 result
 * is compared as its 32 bits (zero-extended) so the expected values read as the usual hex encodings. */
#define FP_FROM_D(f, r) fmv.d.x f, r
#define FP_FROM_S(f, r) fmv.w.x f, r
#define FP_TO_D(r, f) fmv.x.d r, f
#define FP_TO_S(r, f) fmv.x.w r, f; slli r, r, 32; srli r, r, 32
#define FP_OPERANDS(W, a, b, c) \
    li a1, a; li a2, b; li a3, c; FP_FROM_##W(fa1, a1); FP_FROM_##W(fa2, a2); FP_FROM_##W(fa3, a3); fsflags x0
#define FP_CHECK(W, expect, flags) \
    frflags a5; FP_TO_##W(a4, fa4); CHECK(a4, expect); CHECK(a5, flags)

#define TEST_FP_RR(n, W, insn, expect, flags, a, b) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, b, 0); insn fa4, fa1, fa2; FP_CHECK(W, expect, flags)
#define TEST_FP_RR_RM(n, W, insn, rm, expect, flags, a, b) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, b, 0); insn fa4, fa1, fa2, rm; FP_CHECK(W, expect, flags)
#define TEST_FP_R_RM(n, W, insn, rm, expect, flags, a) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, 0, 0); insn fa4, fa1, rm; FP_CHECK(W, expect, flags)
#define TEST_FP_RRR_RM(n, W, insn, rm, expect, flags, a, b, c) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, b, c); insn fa4, fa1, fa2, fa3, rm; FP_CHECK(W, expect, flags)
/* Floating-point operands, integer result (compares, classify, conversions to integer). */
#define TEST_FP_TO_INT(n, W, insn, expect, flags, a, b) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, b, 0); insn a4, fa1, fa2; frflags a5; CHECK(a4, expect); CHECK(a5, flags)
#define TEST_FP_CLASS(n, W, insn, expect, a) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, 0, 0); insn a4, fa1; frflags a5; CHECK(a4, expect); CHECK(a5, 0)
#define TEST_FP_CVT_TO_INT(n, W, insn, rm, expect, flags, a) \
    CASE_BEGIN(n); FP_OPERANDS(W, a, 0, 0); insn a4, fa1, rm; frflags a5; CHECK(a4, expect); CHECK(a5, flags)
/* Integer operand, floating-point result. */
#define TEST_FP_CVT_FROM_INT(n, W, insn, rm, expect, flags, a) \
    CASE_BEGIN(n); li a1, a; fsflags x0; insn fa4, a1, rm; FP_CHECK(W, expect, flags)
/* Conversions that are always exact take no rounding-mode operand. */
#define TEST_FP_CVT_FROM_INT_EXACT(n, W, insn, expect, flags, a) \
    CASE_BEGIN(n); li a1, a; fsflags x0; insn fa4, a1; FP_CHECK(W, expect, flags)

/* The program's entry point. gp is set as C start-up code sets it, because the linker relaxes accesses to data
 * near __global_pointer$ into gp-relative ones. */
.macro TEST_PROGRAM_BEGIN
    .text
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    li s11, 0
.endm

/* Falls through to PASS after the last case; FAIL reports the case number on stderr and in the exit status. */
.macro TEST_PROGRAM_END
pass:
    li a0, 1
    la a1, pass_message
    li a2, 5
    li a7, 64
    ecall
    li a0, 0
    li a7, 93
    ecall
fail:
    /* Format s11 in decimal with base-ISA instructions only, so the report works even when M is broken. */
    la a1, fail_number_end
    li t0, '\n'
    addi a1, a1, -1
    sb t0, 0(a1)
    mv t0, s11
1:  li t1, 0
2:  li t3, 10
    bltu t0, t3, 3f
    addi t0, t0, -10
    addi t1, t1, 1
    j 2b
3:  addi t0, t0, '0'
    addi a1, a1, -1
    sb t0, 0(a1)
    mv t0, t1
    bnez t0, 1b
    addi a1, a1, -10
    la t0, fail_prefix
    li t1, 10
4:  lbu t3, 0(t0)
    sb t3, 0(a1)
    addi t0, t0, 1
    addi a1, a1, 1
    addi t1, t1, -1
    bnez t1, 4b
    addi a1, a1, -10
    la a2, fail_number_end
    sub a2, a2, a1
    li a0, 2
    li a7, 64
    ecall
    mv a0, s11
    li a7, 93
    ecall

    .data
pass_message:
    .ascii "PASS\n"
fail_prefix:
    .ascii "FAIL case "
    .balign 8
fail_text:
    .space 32
fail_number_end:
    .balign 16
scratch:
    .space 256
.endm
