using System;
using Microsoft.CodeAnalysis;

namespace AbiKit.Analyzers
{
    /// <summary>Constant values as the bit patterns the kernel sees.</summary>
    internal static class ConstantBits
    {
        /// <summary>
        /// The bits of <paramref name="value"/> (an integral or enum constant) as stored in a <paramref name="type"/>
        /// (an integral or enum type): negative values are truncated to the type's width, as the store would.
        /// </summary>
        public static bool TryGet(object? value, ITypeSymbol? type, out ulong bits)
        {
            bits = 0;
            switch (value)
            {
                case byte v: bits = v; break;
                case sbyte v: bits = unchecked((ulong)v); break;
                case short v: bits = unchecked((ulong)v); break;
                case ushort v: bits = v; break;
                case int v: bits = unchecked((ulong)v); break;
                case uint v: bits = v; break;
                case long v: bits = unchecked((ulong)v); break;
                case ulong v: bits = v; break;
                case char v: bits = v; break;
                case bool v: bits = v ? 1UL : 0UL; break;
                default: return false;
            }
            int width = WidthOf(type);
            if (width is > 0 and < 8) bits &= (1UL << (width * 8)) - 1;
            return true;
        }

        /// <summary>Size in bytes of an integral, enum or other primitive type; 0 when not fixed (nint, structs …).</summary>
        public static int WidthOf(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }) type = underlying;
            return type?.SpecialType switch
            {
                SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte => 1,
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => 2,
                SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double => 8,
                _ => 0,
            };
        }

        /// <summary><paramref name="bits"/> in C# hexadecimal.</summary>
        public static string Hex(ulong bits) => "0x" + bits.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
    }
}
