using AbiKit.Interop.DrmCore;
using AbiKit.Interop.I915;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>
/// A fake i915 device (driver ioctls from abi-spec/i915.abi.json plus the DRM core ones from
/// abi-spec/drm-core.abi.json, as a real DRM driver's file serves both). It records the argument each handler
/// received exactly as the dispatcher handed it over, writes a few output fields, and answers as scripted.
/// Recording allocates nothing, so the allocation test can drive it.
/// </summary>
internal sealed class FakeI915Device : II915Handler, IDrmCoreHandler
{
    /// <summary>The handle GEM_CREATE writes back.</summary>
    public const uint CreatedHandle = 7;

    /// <summary>The fake offset GEM_MMAP_OFFSET (and through it GEM_MMAP_GTT) writes back.</summary>
    public const ulong FakeOffset = 0x1_0010_0000;

    /// <summary>What GEM_PWRITE (an _IOW ioctl) scribbles into its kernel copy: the caller must never see it.</summary>
    public const ulong PwriteScribble = 0xBAD0_BAD0_BAD0_BAD0;

    /// <summary>Handler calls so far (spec checks that fail never count).</summary>
    public int Calls { get; private set; }

    /// <summary>The last handler called (its method name: the handler interface's name for the request).</summary>
    public string? LastCall { get; private set; }

    /// <summary>What every handler returns after writing its outputs.</summary>
    public Errno Result { get; set; } = Errno.Ok;

    /// <summary>When set, every handler throws this after writing its outputs.</summary>
    public Exception? ThrowThis { get; set; }

    public GemCreate LastCreate { get; private set; }
    public GemMmapOffset LastMmapOffset { get; private set; }
    public GemMadvise LastMadvise { get; private set; }
    public GemUserptr LastUserptr { get; private set; }
    public GemPwrite LastPwrite { get; private set; }
    public GemFlink LastFlink { get; private set; }

    /// <summary>The kernel copy a hand-built entry's thunk saw (see <see cref="Probe"/>).</summary>
    public byte[]? LastProbeBytes { get; private set; }

    /// <summary>A thunk body for hand-built <see cref="DispatchEntry{THandler}"/>s: records the kernel copy.</summary>
    public Errno Probe(Span<byte> data)
    {
        LastProbeBytes = data.ToArray();
        return Answer("PROBE");
    }

    public Errno GemCreate(ref GemCreate arg, DrmFile file)
    {
        LastCreate = arg;
        arg.Size = (arg.Size + 4095) & ~4095UL; // i915 returns the page-aligned size
        arg.Handle = new GemHandle(CreatedHandle);
        return Answer();
    }

    public Errno GemMmapOffset(ref GemMmapOffset arg, DrmFile file)
    {
        LastMmapOffset = arg;
        arg.Offset = FakeOffset;
        return Answer();
    }

    public Errno GemMadvise(ref GemMadvise arg, DrmFile file)
    {
        LastMadvise = arg;
        arg.Retained = 1;
        return Answer();
    }

    public Errno GemUserptr(ref GemUserptr arg, DrmFile file)
    {
        LastUserptr = arg;
        arg.Handle = new GemHandle(CreatedHandle);
        return Answer();
    }

    public Errno GemPwrite(ref GemPwrite arg, DrmFile file)
    {
        LastPwrite = arg;
        arg.DataPtr = PwriteScribble;
        return Answer();
    }

    public Errno GemFlink(ref GemFlink arg, DrmFile file)
    {
        LastFlink = arg;
        arg.Name = new GemName(1);
        return Answer();
    }

    public Errno GemBusy(ref GemBusy arg, DrmFile file) => Answer();
    public Errno GemPread(ref GemPread arg, DrmFile file) => Answer();
    public Errno GemSetDomain(ref GemSetDomain arg, DrmFile file) => Answer();
    public Errno GemSwFinish(ref GemSwFinish arg, DrmFile file) => Answer();
    public Errno GemWait(ref GemWait arg, DrmFile file) => Answer();
    public Errno GemSetCaching(ref GemCaching arg, DrmFile file) => Answer();
    public Errno GemGetCaching(ref GemCaching arg, DrmFile file) => Answer();
    public Errno GemClose(ref GemClose arg, DrmFile file) => Answer();
    public Errno GemOpen(ref GemOpen arg, DrmFile file) => Answer();
    public Errno PrimeHandleToFd(ref PrimeHandle arg, DrmFile file) => Answer();
    public Errno PrimeFdToHandle(ref PrimeHandle arg, DrmFile file) => Answer();
    public Errno GetMagic(ref Auth arg, DrmFile file) => Answer();
    public Errno GetCap(ref GetCap arg, DrmFile file) => Answer();
    public Errno AuthMagic(ref Auth arg, DrmFile file) => Answer();
    public Errno ModeCreateDumb(ref ModeCreateDumb arg, DrmFile file) => Answer();
    public Errno ModeMapDumb(ref ModeMapDumb arg, DrmFile file) => Answer();
    public Errno ModeDestroyDumb(ref ModeDestroyDumb arg, DrmFile file) => Answer();

    private Errno Answer([System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        Calls++;
        LastCall = name;
        if (ThrowThis is not null) throw ThrowThis;
        return Result;
    }
}
