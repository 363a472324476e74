/* Start-up code for C programs linked against picolibc (Debian's bare riscv64-unknown-elf toolchain) that run as
 * Linux user programs: the kernel (or cvm exec) has already built the initial stack (argc, argv, envp, auxv), so
 * this only sets gp and tp, clears .bss (picolibc.ld relies on start-up code for that; a loader may leave file
 * bytes there), and calls main. */
    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    /* picolibc keeps errno and friends in thread-local storage addressed from tp */
    la tp, __tls_base
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sb zero, 0(t0)
    addi t0, t0, 1
    j 1b
2:  ld a0, 0(sp)
    addi a1, sp, 8
    call main
    call exit
