/* Zicsr: the read-modify-write forms on the user floating-point CSRs (fcsr = frm << 5 | fflags, the field views,
 * write masking), and the unprivileged counters (readable, never decreasing). */
#include "test_macros.h"

TEST_PROGRAM_BEGIN

TEST_CASE(1, a4, 0, csrw fcsr, x0; csrr a4, fcsr)
TEST_CASE(2, a4, 0, li a1, 0xff; csrrw a4, fcsr, a1)
TEST_CASE(3, a4, 0xff, csrr a4, fcsr)
TEST_CASE(4, a4, 0x07, csrr a4, frm)
TEST_CASE(5, a4, 0x1f, csrr a4, fflags)
/* bits above the 8 defined ones read as zero */
TEST_CASE(6, a4, 0x5a, li a1, 0xffffff5a; csrw fcsr, a1; csrr a4, fcsr)
TEST_CASE(7, a4, 0x1a, csrr a4, fflags)
TEST_CASE(8, a4, 0x02, csrr a4, frm)
/* the views write only their own field */
TEST_CASE(9, a4, 0x1a, li a1, 0xff; csrrw a4, fflags, a1)
TEST_CASE(10, a4, 0x5f, csrr a4, fcsr)
TEST_CASE(11, a4, 0x02, li a1, 0xfc; csrrw a4, frm, a1)
TEST_CASE(12, a4, 0x9f, csrr a4, fcsr)
/* set and clear */
TEST_CASE(13, a4, 0x9f, li a1, 0x60; csrrc a4, fcsr, a1)
TEST_CASE(14, a4, 0x9f & ~0x60, csrr a4, fcsr)
TEST_CASE(15, a4, 0x9f & ~0x60, li a1, 0x20; csrrs a4, fcsr, a1)
TEST_CASE(16, a4, 0xbf, csrr a4, fcsr)
/* immediate forms (5-bit zero-extended immediates) */
TEST_CASE(17, a4, 0xbf, csrrwi a4, fcsr, 0x15)
TEST_CASE(18, a4, 0x15, csrr a4, fcsr)
TEST_CASE(19, a4, 0x15, csrrsi a4, fflags, 0x0a)
TEST_CASE(20, a4, 0x1f, csrr a4, fflags)
TEST_CASE(21, a4, 0x1f, csrrci a4, fflags, 0x11)
TEST_CASE(22, a4, 0x0e, csrr a4, fflags)
TEST_CASE(23, a4, 0x00, csrrwi a4, frm, 4; csrr a4, frm; addi a4, a4, -4)
TEST_CASE(24, a4, 0x8e, csrr a4, fcsr)
/* rd = x0 still writes; rs1 = x0 with csrrs/csrrc reads only */
TEST_CASE(25, a4, 0x00, csrrw x0, fcsr, x0; csrr a4, fcsr)
TEST_CASE(26, a4, 0x00, csrrs a4, fcsr, x0; csrrc a4, fcsr, x0)
/* floating-point instructions accrue flags into fflags */
TEST_CASE(27, a4, NX, li a1, 0x3ff0000000000000; li a2, 0x4008000000000000; fmv.d.x fa1, a1; fmv.d.x fa2, a2; fdiv.d fa3, fa1, fa2; csrr a4, fflags)
TEST_CASE(28, a4, NX | DZ, fmv.d.x fa2, x0; fdiv.d fa3, fa1, fa2; csrr a4, fflags)
TEST_CASE(29, a4, NX | DZ, fsflags a4, x0)
TEST_CASE(30, a4, 0, frflags a4)
/* the pseudo-instructions fsrm/frrm and fscsr/frcsr */
TEST_CASE(31, a4, 0, li a1, 3; fsrm a4, a1)
TEST_CASE(32, a4, 3, frrm a4)
TEST_CASE(33, a4, 0x60, fscsr a4, x0; li a1, 0x60; fscsr a1; frcsr a4)
TEST_CASE(34, a4, 0, csrw fcsr, x0; csrr a4, fcsr)
/* counters read in user mode and never go backwards */
TEST_CASE(35, a4, 0, rdcycle a1; rdcycle a2; sltu a4, a2, a1)
TEST_CASE(36, a4, 0, rdtime a1; rdtime a2; sltu a4, a2, a1)
TEST_CASE(37, a4, 0, rdinstret a1; nop; nop; rdinstret a2; sltu a4, a2, a1)
TEST_CASE(38, a4, 1, rdinstret a1; nop; nop; rdinstret a2; sltu a4, a1, a2)

TEST_PROGRAM_END
