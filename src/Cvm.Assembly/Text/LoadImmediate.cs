namespace Cvm.Assembly.Text;

// Compressed li forms (C.LI, C.LUI) are chosen by Compression before this expansion runs.

internal sealed partial class AssemblyPass
{
    /// <summary>
    /// <c>li rd, constant</c>. Small values are one ADDI (or C.LI/C.LUI under rvc). Larger ones use GNU as's
    /// expansion: a 32-bit value is LUI then ADDIW; a wider one is the value shifted right past its trailing zeros
    /// (built recursively), then SLLI and ADDI. Each emitted instruction goes through compression like source text.
    /// </summary>
    private void LoadImmediate(List<Operand> o)
    {
        if (o[0] is not RegisterOperand destination)
        {
            throw Error(o[0].Column, "expected an integer register");
        }
        if (o[1] is not ExpressionOperand e || TryConstant(e.Expression) is not { } value)
        {
            throw Error(o[1].Column, "li needs a constant; use la for an address");
        }
        if (value is >= -2048 and <= 2047)
        {
            Instruction("addi", [destination, Reg("zero", destination.Column), Imm(value, destination.Column)]);
            return;
        }
        LoadConstant(destination, value);
    }

    private void LoadConstant(RegisterOperand destination, long value)
    {
        var column = destination.Column;
        var lower = SignExtend12(value);
        var upper = value - lower;
        if (value != (int)value)
        {
            var shift = 12;
            while (((upper >> shift) & 1) == 0)
            {
                shift++;
            }
            LoadConstant(destination, upper >> shift);
            Instruction("slli", [destination, destination, Imm(shift, column)]);
            if (lower != 0)
            {
                Instruction("addi", [destination, destination, Imm(lower, column)]);
            }
            return;
        }
        var source = "zero";
        if (upper != 0)
        {
            Instruction("lui", [destination, Imm((long)((uint)upper >> 12), column)]);
            source = destination.Name;
        }
        if (lower != 0 || upper == 0)
        {
            Instruction("addiw", [destination, Reg(source, column), Imm(lower, column)]);
        }
    }
}
