namespace AbiKit.Model
{
    /// <summary>_IOC direction bits as asm-generic/ioctl.h defines them (WRITE = user space writes, kernel reads).</summary>
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
        public static string MacroName(this IoctlDirection direction) => direction switch
        {
            IoctlDirection.None => "_IO",
            IoctlDirection.In => "_IOW",
            IoctlDirection.Out => "_IOR",
            _ => "_IOWR",
        };
    }

    /// <summary>
    /// An ioctl request code, encoded exactly as asm-generic/ioctl.h does (used by x86, arm, arm64, riscv):
    /// dir (2 bits, shift 30) | size (14 bits, shift 16) | type (8 bits, shift 8) | nr (8 bits).
    /// </summary>
    public readonly struct IoctlCode
    {
        /// <summary>Bits of the number field.</summary>
        public const int NrBits = 8;
        /// <summary>Bits of the type field.</summary>
        public const int TypeBits = 8;
        /// <summary>Bits of the size field.</summary>
        public const int SizeBits = 14;
        /// <summary>Bits of the direction field.</summary>
        public const int DirBits = 2;
        /// <summary>Shift of the type field.</summary>
        public const int TypeShift = NrBits;
        /// <summary>Shift of the size field.</summary>
        public const int SizeShift = TypeShift + TypeBits;
        /// <summary>Shift of the direction field.</summary>
        public const int DirShift = SizeShift + SizeBits;
        /// <summary>The largest argument size a request code can carry (16 KiB - 1).</summary>
        public const int MaxSize = (1 << SizeBits) - 1;

        /// <summary>Wraps a raw code.</summary>
        public IoctlCode(uint value) => Value = value;

        /// <summary>The raw 32-bit code.</summary>
        public uint Value { get; }

        /// <summary>_IOC_DIR.</summary>
        public IoctlDirection Direction => (IoctlDirection)((Value >> DirShift) & ((1u << DirBits) - 1));

        /// <summary>_IOC_TYPE.</summary>
        public byte Type => (byte)((Value >> TypeShift) & 0xFF);

        /// <summary>_IOC_NR.</summary>
        public byte Nr => (byte)(Value & 0xFF);

        /// <summary>_IOC_SIZE.</summary>
        public int Size => (int)((Value >> SizeShift) & MaxSize);

        /// <summary>_IOC(dir, type, nr, size). Returns false when size does not fit in 14 bits.</summary>
        public static bool TryEncode(IoctlDirection direction, byte type, byte nr, int size, out IoctlCode code)
        {
            if (size < 0 || size > MaxSize)
            {
                code = default;
                return false;
            }
            code = new IoctlCode(((uint)direction << DirShift) | ((uint)size << SizeShift) | ((uint)type << TypeShift) | nr);
            return true;
        }

        /// <inheritdoc />
        public override string ToString() => "0x" + Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
