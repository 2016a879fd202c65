namespace AbiKit.Model
{
    /// <summary>_IOC direction as user space sees it. The numeric values are asm-generic/ioctl.h's
    /// (WRITE = user space writes, the kernel reads); <see cref="IoctlEncoding.Powerpc"/> spells them differently.</summary>
    public enum IoctlDirection : uint
    {
        /// <summary>_IOC_NONE: _IO.</summary>
        None = 0,
        /// <summary>_IOC_WRITE: _IOW, the argument goes into the kernel.</summary>
        In = 1,
        /// <summary>_IOC_READ: _IOR, the argument comes out of the kernel.</summary>
        Out = 2,
        /// <summary>_IOC_READ|_IOC_WRITE: _IOWR.</summary>
        InOut = 3,
    }

    /// <summary>Spellings of <see cref="IoctlDirection"/>.</summary>
    public static class IoctlDirections
    {
        /// <summary>The linux/ioctl.h macro of a direction: <c>_IO</c>, <c>_IOW</c>, <c>_IOR</c> or <c>_IOWR</c>.</summary>
        public static string MacroName(this IoctlDirection direction) => Vocabulary.IoctlDirections[direction].Macro;
    }

    /// <summary>How an architecture's <c>asm/ioctl.h</c> packs <c>_IOC(dir, type, nr, size)</c> into 32 bits.</summary>
    public enum IoctlEncoding
    {
        /// <summary>asm-generic/ioctl.h (x86, arm, arm64, riscv, s390, m68k): dir 2 bits (NONE 0, WRITE 1, READ 2), size 14 bits.</summary>
        Generic,

        /// <summary>powerpc (and mips, sparc, alpha): dir 3 bits (NONE 1, READ 2, WRITE 4), size 13 bits.</summary>
        Powerpc,
    }

    /// <summary>
    /// An ioctl request code: <c>dir | size | type | nr</c> from the top bit down, with field widths and direction
    /// values as the architecture's <see cref="IoctlEncoding"/> says. The type (8 bits, shift 8) and number
    /// (8 bits) are the same everywhere; only the size and direction fields differ.
    /// </summary>
    public readonly struct IoctlCode
    {
        /// <summary>Bits of the number field.</summary>
        public const int NrBits = 8;
        /// <summary>Bits of the type field.</summary>
        public const int TypeBits = 8;
        /// <summary>Bits of the size field in the generic encoding.</summary>
        public const int SizeBits = 14;
        /// <summary>Bits of the direction field in the generic encoding.</summary>
        public const int DirBits = 2;
        /// <summary>Shift of the type field.</summary>
        public const int TypeShift = NrBits;
        /// <summary>Shift of the size field.</summary>
        public const int SizeShift = TypeShift + TypeBits;
        /// <summary>Shift of the direction field in the generic encoding.</summary>
        public const int DirShift = SizeShift + SizeBits;
        /// <summary>The largest argument size a generic request code can carry (16 KiB - 1).</summary>
        public const int MaxSize = (1 << SizeBits) - 1;

        /// <summary>Wraps a raw code in the generic encoding.</summary>
        public IoctlCode(uint value) : this(value, IoctlEncoding.Generic)
        {
        }

        /// <summary>Wraps a raw code in <paramref name="encoding"/>.</summary>
        public IoctlCode(uint value, IoctlEncoding encoding)
        {
            Value = value;
            Encoding = encoding;
        }

        /// <summary>The raw 32-bit code.</summary>
        public uint Value { get; }

        /// <summary>How the code is packed.</summary>
        public IoctlEncoding Encoding { get; }

        /// <summary>_IOC_DIR, as an <see cref="IoctlDirection"/> (powerpc's NONE, and the zero of pre-_IOC codes, are <see cref="IoctlDirection.None"/>).</summary>
        public IoctlDirection Direction
        {
            get
            {
                uint dir = Value >> Encoding.DirShift();
                if (Encoding == IoctlEncoding.Generic) return (IoctlDirection)(dir & 3);
                return (IoctlDirection)(((dir & 4) != 0 ? 1u : 0u) | ((dir & 2) != 0 ? 2u : 0u));
            }
        }

        /// <summary>_IOC_TYPE.</summary>
        public byte Type => (byte)((Value >> TypeShift) & 0xFF);

        /// <summary>_IOC_NR.</summary>
        public byte Nr => (byte)(Value & 0xFF);

        /// <summary>_IOC_SIZE.</summary>
        public int Size => (int)((Value >> SizeShift) & (uint)Encoding.MaxSize());

        /// <summary>_IOC(dir, type, nr, size) in the generic encoding. Returns false when size does not fit in 14 bits.</summary>
        public static bool TryEncode(IoctlDirection direction, byte type, byte nr, int size, out IoctlCode code)
            => TryEncode(IoctlEncoding.Generic, direction, type, nr, size, out code);

        /// <summary>_IOC(dir, type, nr, size) in <paramref name="encoding"/>. Returns false when size does not fit.</summary>
        public static bool TryEncode(IoctlEncoding encoding, IoctlDirection direction, byte type, byte nr, int size, out IoctlCode code)
        {
            if (size < 0 || size > encoding.MaxSize())
            {
                code = default;
                return false;
            }
            code = new IoctlCode((encoding.DirBits(direction) << encoding.DirShift()) | ((uint)size << SizeShift) | ((uint)type << TypeShift) | nr, encoding);
            return true;
        }

        /// <summary>A pre-_IOC code such as FIONREAD (0x541B): <c>type &lt;&lt; 8 | nr</c>, with no direction or size bits on any architecture.</summary>
        public static IoctlCode Legacy(byte type, byte nr, IoctlEncoding encoding) => new(((uint)type << TypeShift) | nr, encoding);

        /// <inheritdoc />
        public override string ToString() => "0x" + Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Field widths and direction values of each <see cref="IoctlEncoding"/>.</summary>
    public static class IoctlEncodings
    {
        /// <summary>Bits of the size field: 14 generic, 13 powerpc.</summary>
        public static int SizeBits(this IoctlEncoding encoding) => encoding == IoctlEncoding.Powerpc ? 13 : IoctlCode.SizeBits;

        /// <summary>The largest argument size a request code can carry: 16383 generic, 8191 powerpc.</summary>
        public static int MaxSize(this IoctlEncoding encoding) => (1 << encoding.SizeBits()) - 1;

        /// <summary>Shift of the direction field: 30 generic, 29 powerpc.</summary>
        public static int DirShift(this IoctlEncoding encoding) => IoctlCode.SizeShift + encoding.SizeBits();

        /// <summary>The direction field's bits for <paramref name="direction"/> (powerpc: NONE 1, READ 2, WRITE 4).</summary>
        public static uint DirBits(this IoctlEncoding encoding, IoctlDirection direction)
        {
            if (encoding == IoctlEncoding.Generic) return (uint)direction;
            uint bits = 0;
            if ((direction & IoctlDirection.In) != 0) bits |= 4;
            if ((direction & IoctlDirection.Out) != 0) bits |= 2;
            return bits == 0 ? 1u : bits;
        }
    }
}
