using System.Runtime.CompilerServices;

namespace Cvm.Sdk;

/// <summary>
/// Scalars in 8-byte slots, as the RISC-V LP64 ABI holds them in registers: signed integers sign-extended, unsigned
/// integers, bool and char zero-extended, float as its bits in the low half, enums as their underlying integer.
/// Decoding checks the extension, 0/1 for bool and declared values for enums: a slot written by a guest is untrusted.
/// </summary>
public static class CvmScalar
{
    /// <summary>The slot holding <paramref name="value"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a scalar or enum.</exception>
    public static ulong Encode<T>(T value) where T : unmanaged
    {
        if (typeof(T).IsEnum)
        {
            return EncodeEnum(value);
        }
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref value) ? 1UL : 0UL;
        if (typeof(T) == typeof(sbyte)) return (ulong)(long)Unsafe.As<T, sbyte>(ref value);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref value);
        if (typeof(T) == typeof(short)) return (ulong)(long)Unsafe.As<T, short>(ref value);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref value);
        if (typeof(T) == typeof(char)) return Unsafe.As<T, char>(ref value);
        if (typeof(T) == typeof(int)) return (ulong)(long)Unsafe.As<T, int>(ref value);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref value);
        if (typeof(T) == typeof(long)) return (ulong)Unsafe.As<T, long>(ref value);
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref value);
        if (typeof(T) == typeof(float)) return BitConverter.SingleToUInt32Bits(Unsafe.As<T, float>(ref value));
        if (typeof(T) == typeof(double)) return BitConverter.DoubleToUInt64Bits(Unsafe.As<T, double>(ref value));
        throw new NotSupportedException($"{typeof(T)} is not a contract scalar");
    }

    /// <summary>The value in <paramref name="slot"/>, checked.</summary>
    /// <param name="slot">The 8-byte slot (from a register, a frame slot or a return slot).</param>
    /// <param name="what">Names the value in the error (for example "kv.Get return value").</param>
    /// <exception cref="CvmProtocolException">The slot is not a valid value of <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a scalar or enum.</exception>
    public static T Decode<T>(ulong slot, string what) where T : unmanaged
    {
        if (typeof(T).IsEnum)
        {
            return DecodeEnum<T>(slot, what);
        }
        if (typeof(T) == typeof(bool))
        {
            var value = slot switch { 0 => false, 1 => true, _ => throw Bad(slot, "bool", what) };
            return Unsafe.As<bool, T>(ref value);
        }
        if (typeof(T) == typeof(sbyte)) { var v = (sbyte)slot; return (ulong)(long)v == slot ? Unsafe.As<sbyte, T>(ref v) : throw Bad(slot, "sbyte", what); }
        if (typeof(T) == typeof(byte)) { var v = (byte)slot; return v == slot ? Unsafe.As<byte, T>(ref v) : throw Bad(slot, "byte", what); }
        if (typeof(T) == typeof(short)) { var v = (short)slot; return (ulong)(long)v == slot ? Unsafe.As<short, T>(ref v) : throw Bad(slot, "short", what); }
        if (typeof(T) == typeof(ushort)) { var v = (ushort)slot; return v == slot ? Unsafe.As<ushort, T>(ref v) : throw Bad(slot, "ushort", what); }
        if (typeof(T) == typeof(char)) { var v = (char)slot; return v == slot ? Unsafe.As<char, T>(ref v) : throw Bad(slot, "char", what); }
        if (typeof(T) == typeof(int)) { var v = (int)slot; return (ulong)(long)v == slot ? Unsafe.As<int, T>(ref v) : throw Bad(slot, "int", what); }
        if (typeof(T) == typeof(uint)) { var v = (uint)slot; return v == slot ? Unsafe.As<uint, T>(ref v) : throw Bad(slot, "uint", what); }
        if (typeof(T) == typeof(long)) { var v = (long)slot; return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(ulong)) { return Unsafe.As<ulong, T>(ref slot); }
        if (typeof(T) == typeof(float))
        {
            var v = BitConverter.UInt32BitsToSingle((uint)slot);
            return slot >> 32 == 0 ? Unsafe.As<float, T>(ref v) : throw Bad(slot, "float", what);
        }
        if (typeof(T) == typeof(double)) { var v = BitConverter.UInt64BitsToDouble(slot); return Unsafe.As<double, T>(ref v); }
        throw new NotSupportedException($"{typeof(T)} is not a contract scalar");
    }

    private static ulong EncodeEnum<T>(T value) where T : unmanaged => Unsafe.SizeOf<T>() switch
    {
        1 => Signed<T>() ? (ulong)(long)Unsafe.As<T, sbyte>(ref value) : Unsafe.As<T, byte>(ref value),
        2 => Signed<T>() ? (ulong)(long)Unsafe.As<T, short>(ref value) : Unsafe.As<T, ushort>(ref value),
        4 => Signed<T>() ? (ulong)(long)Unsafe.As<T, int>(ref value) : Unsafe.As<T, uint>(ref value),
        _ => Unsafe.As<T, ulong>(ref value),
    };

    private static T DecodeEnum<T>(ulong slot, string what) where T : unmanaged
    {
        T value = default;
        var size = Unsafe.SizeOf<T>();
        var extended = size == 8 ? slot : Signed<T>()
            ? (ulong)((long)(slot << (64 - 8 * size)) >> (64 - 8 * size))
            : slot & ((1UL << (8 * size)) - 1);
        if (extended != slot)
        {
            throw Bad(slot, typeof(T).Name, what);
        }
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<T, byte>(ref value), ref Unsafe.As<ulong, byte>(ref slot), (uint)size);
        var boxed = (Enum)(object)value;
        if (typeof(T).IsDefined(typeof(FlagsAttribute), false))
        {
            ulong all = 0;
            foreach (var defined in Enum.GetValues(typeof(T)))
            {
                all |= EncodeEnum((T)defined);
            }
            if ((slot & ~all) != 0)
            {
                throw Bad(slot, typeof(T).Name, what);
            }
            return value;
        }
        return Enum.IsDefined(typeof(T), boxed) ? value : throw Bad(slot, typeof(T).Name, what);
    }

    private static bool Signed<T>() =>
        Enum.GetUnderlyingType(typeof(T)) is var u && (u == typeof(sbyte) || u == typeof(short) || u == typeof(int) || u == typeof(long));

    private static CvmProtocolException Bad(ulong slot, string type, string what) =>
        new($"{what}: 0x{slot:x} is not a valid {type}");
}
