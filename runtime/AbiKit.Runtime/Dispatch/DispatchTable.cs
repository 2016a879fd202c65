using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AbiKit.Model;
using AbiKit.Runtime.Checked;

namespace AbiKit.Runtime.Dispatch;

/// <summary>
/// A generated per-ioctl entry point: decodes <paramref name="data"/> (at least the spec's size, zero-extended)
/// as the ioctl's struct, checks what the spec says must be checked (reserved fields, unknown flag bits,
/// unknown enum values) and calls the handler.
/// </summary>
public delegate Errno IoctlThunk<THandler>(THandler handler, Span<byte> data, DrmFile file);

/// <summary>One ioctl of a dispatch table, as the generator emits it.</summary>
/// <param name="Code">The spec's request code (its direction and size are the driver's definition).</param>
/// <param name="Permissions">DRM permission flags.</param>
/// <param name="Thunk">The generated entry point.</param>
/// <param name="Name">The request macro name, for diagnostics.</param>
/// <param name="Semantics">What the ioctl does to the objects it names (the spec's semantics), for checked mode; null when nothing.</param>
public readonly record struct DispatchEntry<THandler>(uint Code, IoctlPermissions Permissions, IoctlThunk<THandler> Thunk, string Name, IoctlSemantics? Semantics = null);

/// <summary>How unknown requests are answered.</summary>
public enum DispatchStyle
{
    /// <summary>drm_ioctl(): another type is ENOTTY, an unknown number or empty slot EINVAL; dispatch by number,
    /// copying min/max of the caller's and the driver's sizes.</summary>
    Drm,
    /// <summary>An ordinary driver's switch on the full request code: anything else is ENOTTY.</summary>
    Generic,
}

/// <summary>
/// Dispatches requests to generated thunks with the semantics of the kernel's drm_ioctl(): the caller's bytes
/// are copied in only when both the caller's and the driver's request say IN, the kernel copy is zero-filled up
/// to the larger of the two sizes (so structs grow by appending), permission flags give EACCES, and the
/// caller's size is copied back when both say OUT — also after a failing handler. Results are errno values;
/// no exception crosses the boundary, and dispatch allocates nothing.
/// </summary>
public sealed class DispatchTable<THandler>
{
    private const uint IocIn = (uint)IoctlDirection.In << IoctlCode.DirShift;
    private const uint IocOut = (uint)IoctlDirection.Out << IoctlCode.DirShift;

    private readonly DispatchEntry<THandler>[] _byNr = new DispatchEntry<THandler>[256];
    private readonly DispatchStyle _style;
    private readonly byte _type;

    private DispatchTable(DispatchStyle style, byte type, IEnumerable<DispatchEntry<THandler>[]> parts)
    {
        _style = style;
        _type = type;
        foreach (var entry in parts.SelectMany(p => p))
        {
            var code = new IoctlCode(entry.Code);
            if (code.Type != type)
                throw new ArgumentException($"{entry.Name} has type 0x{code.Type:x2}, but this table dispatches type 0x{type:x2}");
            if (_byNr[code.Nr].Thunk is not null)
                throw new ArgumentException($"{entry.Name} and {_byNr[code.Nr].Name} share number 0x{code.Nr:x2}");
            _byNr[code.Nr] = entry;
        }
    }

    /// <summary>A DRM table (type 'd') over the generated entries of one or more families (core and driver).</summary>
    public static DispatchTable<THandler> Drm(params DispatchEntry<THandler>[][] families) => new(DispatchStyle.Drm, (byte)'d', families);

    /// <summary>A generic table of <paramref name="type"/>, matching whole request codes.</summary>
    public static DispatchTable<THandler> Generic(byte type, params DispatchEntry<THandler>[][] families) => new(DispatchStyle.Generic, type, families);

    /// <summary>
    /// The spec's name of the request (e.g. DRM_IOCTL_ABIKIT_PREAD) dispatched for <paramref name="request"/>'s
    /// number, or its code in hex when no entry has it: devices name requests in reports from the spec, not from
    /// literals of their own.
    /// </summary>
    public string NameOf(uint request)
    {
        var entry = _byNr[new IoctlCode(request).Nr];
        return entry.Thunk is not null && (_style == DispatchStyle.Drm || entry.Code == request) ? entry.Name : $"0x{request:x8}";
    }

    /// <summary>Called with any exception a handler throws (the request then fails with EIO).</summary>
    public Action<string, Exception>? OnHandlerFault { get; set; }

    /// <summary>Dispatches <paramref name="request"/> with the caller's argument buffer <paramref name="user"/>.</summary>
    [SkipLocalsInit] // the kernel copy is cleared explicitly, once
    public Errno Dispatch(THandler handler, DrmFile file, uint request, Span<byte> user)
    {
        var code = new IoctlCode(request);
        if (code.Type != _type) return Errno.ENOTTY;
        ref readonly var entry = ref _byNr[code.Nr];
        if (entry.Thunk is null) return _style == DispatchStyle.Drm ? Errno.EINVAL : Errno.ENOTTY;
        if (_style == DispatchStyle.Generic && entry.Code != request) return Errno.ENOTTY;

        int userSize = code.Size;
        int driverSize = new IoctlCode(entry.Code).Size;
        int inSize = (request & entry.Code & IocIn) != 0 ? userSize : 0;
        int outSize = (request & entry.Code & IocOut) != 0 ? userSize : 0;
        int kernelSize = Math.Max(Math.Max(inSize, outSize), driverSize);
        if (user.Length < Math.Max(inSize, outSize)) return Errno.EFAULT; // copy_from_user/copy_to_user would fault

        // At most 16383 bytes (14 size bits), zero-filled: the kernel's zero-extension. Most ioctl structs fit the
        // small inline buffer, which costs a few vector stores to clear; larger ones take a variable stackalloc, in a
        // method of its own so that the common path has no dynamic stack frame.
        if (kernelSize > SmallKernelCopy.Size) return DispatchLarge(in entry, handler, file, user, kernelSize, inSize, outSize);
        var small = default(SmallKernelCopy);
        return Run(in entry, handler, file, user, ((Span<byte>)small).Slice(0, kernelSize), inSize, outSize);
    }

    [SkipLocalsInit] // cleared explicitly
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Errno DispatchLarge(in DispatchEntry<THandler> entry, THandler handler, DrmFile file, Span<byte> user, int kernelSize, int inSize, int outSize)
    {
        Span<byte> kernel = stackalloc byte[kernelSize];
        kernel.Clear();
        return Run(in entry, handler, file, user, kernel, inSize, outSize);
    }

    /// <summary>Copies in, checks permissions, runs the thunk, copies out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Errno Run(in DispatchEntry<THandler> entry, THandler handler, DrmFile file, Span<byte> user, Span<byte> kernel, int inSize, int outSize)
    {
        Copy(user, kernel, inSize);

        // drm_ioctl_permit() is DRM's: an ordinary driver's ioctls have no permission flags (and no render nodes).
        Errno result;
        if (_style == DispatchStyle.Drm && !file.Permits(entry.Permissions))
        {
            result = Errno.EACCES;
        }
        else
        {
            try
            {
                result = file.Checked is null ? entry.Thunk(handler, kernel, file) : RunChecked(in entry, handler, kernel, file);
            }
            catch (Exception ex)
            {
                result = Fault(entry.Name, ex);
            }
        }

        // drm_ioctl() copies back even when the handler failed.
        Copy(kernel, user, outSize);
        return result;
    }

    /// <summary>Checked mode (<see cref="CheckedMode"/>) around the thunk: it may refuse the call, and it sees the result.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Errno RunChecked(in DispatchEntry<THandler> entry, THandler handler, Span<byte> kernel, DrmFile file)
    {
        var mode = file.Checked!.Mode;
        var identities = handler as IObjectIdentity;
        var refused = mode.Before(entry.Name, entry.Semantics, kernel, file, identities);
        if (refused != Errno.Ok) return refused;
        var result = entry.Thunk(handler, kernel, file);
        mode.After(entry.Name, entry.Semantics, kernel, file, identities, result);
        return result;
    }

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="from"/> to <paramref name="to"/>: ioctl structs are mostly a few words, which two overlapping word moves copy without a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(Span<byte> from, Span<byte> to, int length)
    {
        if (length >= 8 && length <= 16 && from.Length >= length && to.Length >= length)
        {
            ref byte source = ref MemoryMarshal.GetReference(from);
            ref byte destination = ref MemoryMarshal.GetReference(to);
            ulong head = Unsafe.ReadUnaligned<ulong>(ref source);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, length - 8));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, length - 8), tail);
            return;
        }
        from.Slice(0, length).CopyTo(to);
    }

    [InlineArray(Size)]
    private struct SmallKernelCopy
    {
        public const int Size = 64;
        private byte _first;
    }

    /// <summary>A thunk threw: the request fails with EIO, and the exception is reported, never crossing the ioctl boundary.</summary>
    private Errno Fault(string name, Exception ex)
    {
        try
        {
            OnHandlerFault?.Invoke(name, ex);
        }
        catch (Exception)
        {
            // A failing observer must not let an exception cross the ioctl boundary either.
        }
        return Errno.EIO;
    }
}
