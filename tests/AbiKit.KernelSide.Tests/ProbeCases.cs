using System.Buffers.Binary;
using System.Globalization;
using AbiKit.Emitters;
using AbiKit.Model;
using AbiKit.Runtime;

namespace AbiKit.KernelSide.Tests;

/// <summary>One request the probe sends, with the answer the spec predicts (0 for success, else the errno).</summary>
/// <param name="Name">Unique id, e.g. <c>CREATE.pad=0x1</c>.</param>
/// <param name="Code">The request code (x86_64).</param>
/// <param name="Arg">The argument bytes.</param>
/// <param name="HandleOffsets">Where the probe writes the handle of a fresh 4096-byte object.</param>
/// <param name="PointerOffsets">Where the probe writes the address of its 64 KiB buffer.</param>
/// <param name="Expected">The answer the spec predicts.</param>
public sealed record ProbeCase(string Name, uint Code, byte[] Arg, int[] HandleOffsets, int[] PointerOffsets, int Expected)
{
    /// <summary>The line of the probe's case file.</summary>
    public string Line => string.Join(' ', Name, Code.ToString("x8", CultureInfo.InvariantCulture), Convert.ToHexString(Arg),
        HandleOffsets.Length == 0 ? "-" : string.Join(',', HandleOffsets), PointerOffsets.Length == 0 ? "-" : string.Join(',', PointerOffsets));
}

/// <summary>
/// The requests the probe sends to the test driver, derived from the model: for every ioctl a valid baseline, then
/// one field at a time made to break each of its argument checks (non-zero reserved, unknown flag bits, unknown enum
/// values) or to take each known value; and ranges that overflow.
/// </summary>
public static class ProbeCases
{
    /// <summary>The ioctls Module/abikit_alloc_main.c implements; the others answer EOPNOTSUPP once their argument passed.</summary>
    public static readonly IReadOnlySet<string> Implemented = new HashSet<string> { "CREATE", "CLOSE", "PREAD", "PWRITE", "MMAP_OFFSET", "GET_PARAM" };

    /// <summary>The size of the object each case gets a fresh handle of.</summary>
    public const ulong ObjectSize = 4096;

    /// <summary>Every case.</summary>
    public static IReadOnlyList<ProbeCase> All()
    {
        var cases = new List<ProbeCase>();
        foreach (var (io, arg) in Generated.Validated)
        {
            var layout = arg.Layout(Arch.X86_64);
            var checks = ArgumentChecks.For(Generated.Alloc, io);
            byte[] baseline = Baseline(io, arg, checks);
            int[] handles = Offsets(arg, layout, TypeKind.Handle);
            int[] pointers = Offsets(arg, layout, TypeKind.UserPointer);
            int accepted = Implemented.Contains(io.Name) ? 0 : (int)Errno.EOPNOTSUPP;
            uint code = io.Code(Arch.X86_64);
            cases.Add(new ProbeCase($"{io.Name}.baseline", code, baseline, handles, pointers, accepted));
            foreach (var check in checks)
            {
                int index = IndexOf(arg, check.Field);
                var place = layout.Fields[index];
                int width = check.Field.Count > 0 ? place.Size / check.Field.Count : place.Size;
                // The last element of an array, so a check that looks only at the first is caught.
                int offset = place.Offset + place.Size - width;
                int rejected = (int)Enum.Parse<Errno>(check.Errno);
                foreach (var (value, ok) in Variants(check, width))
                {
                    byte[] bytes = (byte[])baseline.Clone();
                    Write(bytes, offset, width, value);
                    cases.Add(new ProbeCase($"{io.Name}.{check.Field.Name}=0x{value:x}", code, bytes,
                        handles.Where(h => h != offset).ToArray(), pointers, ok ? accepted : rejected));
                }
            }
        }
        cases.AddRange(Ranges());
        cases.Add(PastTheTable());
        return cases;
    }

    /// <summary>
    /// The first number past the generated table (its length is one past the highest ioctl number): drm_ioctl()
    /// answers EINVAL for a number at or beyond <c>num_ioctls</c>, so a table one entry short would show here.
    /// </summary>
    private static ProbeCase PastTheTable()
    {
        var family = Generated.Alloc;
        int nr = family.Ioctl.CommandBase + family.Ioctls.Where(ArgumentChecks.IsDispatched).Max(io => io.RelativeNr) + 1;
        const int size = 8;
        Assert.True(IoctlCode.TryEncode(IoctlDirection.InOut, family.Ioctl.Type, (byte)nr, size, out var code));
        return new ProbeCase("table.past-the-end", code.Value, new byte[size], [], [], (int)Errno.EINVAL);
    }

    /// <summary>
    /// PREAD and PWRITE on the fresh 4096-byte object: ranges the spec's rule (offset &gt;= object size or size &gt;
    /// object size - offset gives EINVAL) accepts and rejects, among them one whose offset + size wraps to a small
    /// number that a naive check would accept. The model has no notion of an object's size, so the values are written here.
    /// </summary>
    private static IEnumerable<ProbeCase> Ranges()
    {
        var ranges = new (string Name, ulong Offset, ulong Size, Errno Expected)[]
        {
            ("whole", 0, ObjectSize, Errno.Ok),
            ("last-byte", ObjectSize - 1, 1, Errno.Ok),
            ("past-end", ObjectSize, 1, Errno.EINVAL),
            ("one-too-long", 1, ObjectSize, Errno.EINVAL),
            ("offset-plus-size-wraps", ulong.MaxValue - ObjectSize + 1, 2 * ObjectSize, Errno.EINVAL),
            ("offset-max", ulong.MaxValue, 1, Errno.EINVAL),
        };
        foreach (var io in Generated.Alloc.Ioctls.Where(i => i.Name is "PREAD" or "PWRITE"))
        {
            var arg = Generated.Validated.Single(v => v.Ioctl == io).Arg;
            var layout = arg.Layout(Arch.X86_64);
            foreach (var (name, offset, size, expected) in ranges)
            {
                byte[] bytes = new byte[layout.Size];
                Write(bytes, FieldOffset(arg, layout, "offset"), 8, offset);
                Write(bytes, FieldOffset(arg, layout, "size"), 8, size);
                yield return new ProbeCase($"{io.Name}.range-{name}", io.Code(Arch.X86_64), bytes,
                    Offsets(arg, layout, TypeKind.Handle), Offsets(arg, layout, TypeKind.UserPointer), (int)expected);
            }
        }
    }

    /// <summary>
    /// Values of a checked field and whether the spec accepts them: for a reserved field non-zero values; for flags
    /// every known bit set and each kind of unknown bit; for an enum every known value and values next to them.
    /// </summary>
    public static IEnumerable<(ulong Value, bool Accepted)> Variants(ArgumentCheck check, int width)
    {
        ulong all = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
        ulong top = 1UL << (8 * width - 1);
        switch (check.Kind)
        {
            case ArgumentCheckKind.MustBeZero:
                foreach (var v in new[] { 1UL, top, all }.Distinct()) yield return (v, false);
                break;
            case ArgumentCheckKind.KnownBits:
                ulong mask = check.Flags!.Mask;
                yield return (mask, true);
                ulong unknown = all & ~mask;
                if (unknown == 0) break;
                ulong lowest = unknown & (~unknown + 1);
                foreach (var v in new[] { lowest, mask | lowest, top & unknown, unknown, all }.Where(v => v != 0).Distinct()) yield return (v, false);
                break;
            default:
                var known = check.Enum!.Values.Select(v => unchecked((ulong)v.Value) & all).ToHashSet();
                foreach (var v in known) yield return (v, true);
                ulong max = known.Max();
                foreach (var v in new[] { 0UL, max + 1, top, all }.Select(v => v & all).Where(v => !known.Contains(v)).Distinct()) yield return (v, false);
                break;
        }
    }

    // Zero, but each enum field holds its first value and CREATE asks for a non-zero size (CREATE of size 0 is
    // EINVAL, the spec's doc says; the model does not).
    private static byte[] Baseline(AbiIoctl io, AbiStruct arg, IReadOnlyList<ArgumentCheck> checks)
    {
        var layout = arg.Layout(Arch.X86_64);
        byte[] bytes = new byte[layout.Size];
        foreach (var check in checks.Where(c => c.Kind == ArgumentCheckKind.KnownValue))
        {
            var place = layout.Fields[IndexOf(arg, check.Field)];
            Write(bytes, place.Offset, place.Size, unchecked((ulong)check.Enum!.Values[0].Value));
        }
        if (io.Name == "CREATE") Write(bytes, FieldOffset(arg, layout, "size"), 8, ObjectSize);
        return bytes;
    }

    private static int FieldOffset(AbiStruct arg, StructLayout layout, string name)
        => layout.Fields[IndexOf(arg, arg.Fields.Single(f => f.Name == name))].Offset;

    private static int[] Offsets(AbiStruct arg, StructLayout layout, TypeKind kind)
        => arg.Fields.Select((f, i) => (f, i)).Where(x => x.f.Type.Kind == kind && x.f.Direction != FieldDirection.Out && x.f.Count == 0)
            .Select(x => layout.Fields[x.i].Offset).ToArray();

    /// <summary>The index of <paramref name="field"/> among <paramref name="arg"/>'s fields (names are unique in a struct).</summary>
    public static int IndexOf(AbiStruct arg, AbiField field)
        => arg.Fields.Select((f, i) => (f, i)).First(x => x.f.Name == field.Name).i;

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/>, little-endian.</summary>
    public static void Write(Span<byte> bytes, int offset, int width, ulong value)
    {
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(all, value);
        all[..width].CopyTo(bytes[offset..]);
    }
}
