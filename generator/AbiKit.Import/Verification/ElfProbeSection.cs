using System.Buffers.Binary;
using System.Text;

namespace AbiKit.Import.Verification;

/// <summary>
/// Reads one section of an ELF relocatable object as an array of 64-bit values, in the object's own byte order, and
/// names the ABI the object was compiled for from its header. This is how <c>abikit import --verify</c> and the test oracles learn what a
/// cross compiler computed (sizeof, offsetof, macro values) without running anything it built.
/// </summary>
public static class ElfProbeSection
{
    private const ushort EmM68k = 4, Em386 = 3, EmPpc64 = 21, EmS390 = 22, EmArm = 40, EmX86_64 = 62, EmAarch64 = 183, EmRiscv = 243;

    /// <summary>Reads <paramref name="sectionName"/> of <paramref name="objectFile"/>.</summary>
    /// <param name="objectFile">An ELF object (<c>gcc -c</c>) of any architecture.</param>
    /// <param name="sectionName">The section, e.g. <c>.abikit_probe</c>.</param>
    /// <returns>The ABI name (as <c>abikit layout</c> spells it) and the section's 64-bit values.</returns>
    /// <exception cref="NativeToolException">The file is not ELF, has no such section, or the section is not a whole number of 8-byte values.</exception>
    public static (string Arch, ulong[] Values) Read(string objectFile, string sectionName)
    {
        byte[] elf = File.ReadAllBytes(objectFile);
        if (elf.Length < 52 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new NativeToolException($"{objectFile} is not an ELF object");
        }

        bool is64 = elf[4] == 2;
        bool big = elf[5] == 2;
        ushort U16(int at) => big ? BinaryPrimitives.ReadUInt16BigEndian(elf.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(at));
        uint U32(int at) => big ? BinaryPrimitives.ReadUInt32BigEndian(elf.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(at));
        ulong U64(int at) => big ? BinaryPrimitives.ReadUInt64BigEndian(elf.AsSpan(at)) : BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(at));
        ulong Word(int at) => is64 ? U64(at) : U32(at);

        ushort machine = U16(18);
        string arch = (machine, is64, big) switch
        {
            (EmX86_64, true, false) => "x86_64",
            (EmX86_64, false, false) => "x32",
            (Em386, false, false) => "i386",
            (EmAarch64, true, false) => "aarch64",
            (EmArm, false, false) => "arm",
            (EmRiscv, true, false) => "riscv64",
            (EmPpc64, true, false) => "ppc64le",
            (EmS390, true, true) => "s390x",
            (EmM68k, false, true) => "m68k",
            _ => $"elf-machine-{machine}-{(is64 ? 64 : 32)}{(big ? "be" : "le")}",
        };

        long shoff = (long)Word(is64 ? 40 : 32);
        int shentsize = U16(is64 ? 58 : 46);
        int shnum = U16(is64 ? 60 : 48);
        int shstrndx = U16(is64 ? 62 : 50);
        (long Offset, long Size, uint Name) Section(int index)
        {
            int at = checked((int)(shoff + (long)index * shentsize));
            return is64
                ? ((long)U64(at + 24), (long)U64(at + 32), U32(at))
                : (U32(at + 16), U32(at + 20), U32(at));
        }

        var strings = Section(shstrndx);
        for (int i = 0; i < shnum; i++)
        {
            var section = Section(i);
            int nameStart = checked((int)(strings.Offset + section.Name));
            int nameEnd = Array.IndexOf(elf, (byte)0, nameStart);
            if (Encoding.ASCII.GetString(elf, nameStart, nameEnd - nameStart) != sectionName)
            {
                continue;
            }

            if (section.Size % 8 != 0)
            {
                throw new NativeToolException($"section {sectionName} of {objectFile} is {section.Size} bytes, not a whole number of 8-byte values");
            }

            var values = new ulong[section.Size / 8];
            for (int v = 0; v < values.Length; v++)
            {
                values[v] = U64(checked((int)(section.Offset + v * 8L)));
            }

            return (arch, values);
        }

        throw new NativeToolException($"{objectFile} has no section {sectionName}");
    }
}
