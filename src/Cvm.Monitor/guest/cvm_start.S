/* CvmSdk guest runtime: start-up, the gate stubs and the capability copy helpers.
 * CHERI instructions are spelled with .insn so that a stock assembler builds them:
 *   lc cd, imm(rs1)          .insn i 0x0f, 2, cd, rs1, imm          (DDC-authorised capability load)
 *   cinvoke cs1, cs2         .insn r 0x5b, 0, 0x7e, x1, cs1, cs2
 *   cincoffset cd, cs1, rs2  .insn r 0x5b, 0, 0x11, cd, cs1, rs2
 *   cincoffset cd, cs1, imm  .insn i 0x5b, 1, cd, cs1, imm
 *   ld.cap rd, (cs1)         .insn r 0x5b, 0, 0x7d, rd, cs1, x11 ; lbu.cap: x12
 *   sd.cap rs2, (cs1)        .insn r 0x5b, 0, 0x7c, x11, cs1, rs2 ; sb.cap: x8
 */
#define HC_EXIT 2
#define HC_THREAD_CREATE 3
#define HC_THREAD_EXIT 4

    .section .text.cvm_start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:                         /* a0 = argc, a1 = argv, a2 = capability table, sp = stack top */
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    lla t0, __cvm_table
    sd a2, 0(t0)
    call main
    li a7, HC_EXIT              /* main's result is the exit status */
    j __cvm_hostcall

    .text
    .globl __cvm_hostcall
    .type __cvm_hostcall, @function
__cvm_hostcall:                 /* a0-a6 = arguments, a7 = number; the switcher returns to our caller's ra */
    mv t5, a7
    ld t0, __cvm_table
    .insn i 0x0f, 2, t1, t0, 0  /* lc ct1, 0(t0): hostcall gate code */
    .insn i 0x0f, 2, t2, t0, 16 /* lc ct2, 16(t0): hostcall gate data */
    .insn r 0x5b, 0, 0x7e, x1, t1, t2 /* cinvoke ct1, ct2 */

    .globl cvm_call
    .type cvm_call, @function
cvm_call:                       /* a0 = import index, a1-a6 = arguments */
    ld t0, __cvm_table
    slli t1, a0, 5              /* 32 bytes per gate pair */
    add t0, t0, t1
    mv a0, a1
    mv a1, a2
    mv a2, a3
    mv a3, a4
    mv a4, a5
    mv a5, a6
    .insn i 0x0f, 2, t1, t0, 80 /* lc ct1, slot 5 + 2i: gate code */
    .insn i 0x0f, 2, t2, t0, 96 /* lc ct2, slot 6 + 2i: gate data */
    .insn r 0x5b, 0, 0x7e, x1, t1, t2 /* cinvoke ct1, ct2 */

    .globl __cvm_return
    .type __cvm_return, @function
__cvm_return:                   /* an export's result in a0 goes back through the return gate */
    ld t0, __cvm_table
    .insn i 0x0f, 2, t1, t0, 32 /* lc ct1, slot 2 */
    .insn i 0x0f, 2, t2, t0, 48 /* lc ct2, slot 3 */
    .insn r 0x5b, 0, 0x7e, x1, t1, t2 /* cinvoke ct1, ct2 */

    .globl cvm_thread_create
    .type cvm_thread_create, @function
cvm_thread_create:              /* a0 = function, a1 = argument */
    mv a2, a1
    mv a1, a0
    lla a0, __cvm_thread_start
    li a7, HC_THREAD_CREATE
    j __cvm_hostcall

__cvm_thread_start:             /* a0 = function, a1 = argument */
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    mv t0, a0
    mv a0, a1
    jalr t0
    li a7, HC_THREAD_EXIT
    j __cvm_hostcall

    .globl cvm_cap_read
    .type cvm_cap_read, @function
cvm_cap_read:                   /* a0 = destination, a1 = capability slot, a2 = offset, a3 = length */
    .insn i 0x0f, 2, t0, a1, 0  /* lc ct0, 0(a1) */
    .insn r 0x5b, 0, 0x11, t0, t0, a2 /* cincoffset ct0, ct0, a2 */
    or t2, a0, a2
    andi t2, t2, 7
    bnez t2, 2f                 /* unaligned: bytes only */
1:  li t2, 8
    bltu a3, t2, 2f
    .insn r 0x5b, 0, 0x7d, t1, t0, x11 /* ld.cap t1, (ct0) */
    sd t1, 0(a0)
    addi a0, a0, 8
    .insn i 0x5b, 1, t0, t0, 8  /* cincoffset ct0, ct0, 8 */
    addi a3, a3, -8
    j 1b
2:  beqz a3, 3f
    .insn r 0x5b, 0, 0x7d, t1, t0, x12 /* lbu.cap t1, (ct0) */
    sb t1, 0(a0)
    addi a0, a0, 1
    .insn i 0x5b, 1, t0, t0, 1  /* cincoffset ct0, ct0, 1 */
    addi a3, a3, -1
    j 2b
3:  li t0, 0                    /* do not leave the capability in a register */
    ret

    .globl cvm_cap_write
    .type cvm_cap_write, @function
cvm_cap_write:                  /* a0 = capability slot, a1 = offset, a2 = source, a3 = length */
    .insn i 0x0f, 2, t0, a0, 0  /* lc ct0, 0(a0) */
    .insn r 0x5b, 0, 0x11, t0, t0, a1 /* cincoffset ct0, ct0, a1 */
    or t2, a2, a1
    andi t2, t2, 7
    bnez t2, 2f
1:  li t2, 8
    bltu a3, t2, 2f
    ld t1, 0(a2)
    .insn r 0x5b, 0, 0x7c, x11, t0, t1 /* sd.cap t1, (ct0) */
    addi a2, a2, 8
    .insn i 0x5b, 1, t0, t0, 8
    addi a3, a3, -8
    j 1b
2:  beqz a3, 3f
    lbu t1, 0(a2)
    .insn r 0x5b, 0, 0x7c, x8, t0, t1 /* sb.cap t1, (ct0) */
    addi a2, a2, 1
    .insn i 0x5b, 1, t0, t0, 1
    addi a3, a3, -1
    j 2b
3:  li t0, 0
    ret

    .section .sbss, "aw", @nobits
    .balign 8
    .globl __cvm_table
__cvm_table:
    .zero 8
