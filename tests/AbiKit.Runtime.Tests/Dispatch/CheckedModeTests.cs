using System.Runtime.InteropServices;
using AbiKit.Interop.DmaBuf;
using AbiKit.Interop.DrmCore;
using AbiKit.Interop.I915;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>
/// Checked mode is the runtime's and comes from the spec's semantics alone: on i915's generated tables (a family
/// the reference device does not implement) it tracks GEM_CREATE's handle, pairs GEM_SET_DOMAIN (begins, with
/// read/write domain fields) with GEM_SW_FINISH (ends, no direction), and knows GEM_CLOSE (drm-core) destroys.
/// </summary>
public sealed class CheckedModeTests
{
    private readonly FakeI915Device _device = new();
    private readonly DispatchTable<FakeI915Device> _table = DispatchTable<FakeI915Device>.Drm(
        DrmCoreDispatch.Entries<FakeI915Device>(), I915Dispatch.Entries<FakeI915Device>());
    private readonly CheckedMode _mode = new();
    private readonly DrmFile _file = new(DrmNode.Render);

    public CheckedModeTests() => _mode.Attach(_file);

    private Errno Call<T>(uint request, T arg) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(new Span<T>(ref arg));
        return _table.Dispatch(_device, _file, request, bytes);
    }

    private uint Create()
    {
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemCreate, new GemCreate { Size = 4096 }));
        return FakeI915Device.CreatedHandle;
    }

    private static GemSetDomain SetDomain(uint handle, uint read, uint write)
        => new() { Handle = new GemHandle(handle), ReadDomains = (GemDomains)read, WriteDomain = (GemDomains)write };

    [Fact]
    public void ANestedSetDomainIsRefusedWithoutReachingTheDriver()
    {
        uint h = Create();
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemSetDomain, SetDomain(h, 1, 0)));
        int calls = _device.Calls;

        Assert.Equal(Errno.EINVAL, Call(I915Ioctls.GemSetDomain, SetDomain(h, 1, 1)));

        Assert.Equal(calls, _device.Calls);
        var report = Assert.Single(_mode.Reports);
        Assert.Equal(MisuseKind.NestedBegin, report.Kind);
        Assert.Equal(h, report.Handle);
        Assert.Equal(_table.NameOf(I915Ioctls.GemSetDomain), report.Ioctl);
    }

    [Fact]
    public void ADirectionlessSwFinishEndsTheWindowAndASecondOneHasNoBegin()
    {
        uint h = Create();
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemSetDomain, SetDomain(h, 1, 1)));
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemSwFinish, new GemSwFinish { Handle = new GemHandle(h) }));
        Assert.Empty(_mode.Reports); // SW_FINISH names no direction: no mismatch

        Assert.Equal(Errno.EINVAL, Call(I915Ioctls.GemSwFinish, new GemSwFinish { Handle = new GemHandle(h) }));

        Assert.Equal(MisuseKind.EndWithoutBegin, Assert.Single(_mode.Reports).Kind);
    }

    [Fact]
    public void AHandleUsedAfterDrmCoresGemCloseIsStaleWhenTheDriverRefusesIt()
    {
        uint h = Create();
        Assert.Equal(Errno.Ok, Call(DrmCoreIoctls.GemClose, new GemClose { Handle = new GemHandle(h) }));
        Assert.Empty(_mode.Reports);
        _device.Result = Errno.ENOENT; // the driver no longer knows the handle

        Assert.Equal(Errno.ENOENT, Call(I915Ioctls.GemBusy, new GemBusy { Handle = new GemHandle(h) }));

        var report = Assert.Single(_mode.Reports);
        Assert.Equal(MisuseKind.StaleHandle, report.Kind);
        Assert.Equal(_table.NameOf(I915Ioctls.GemBusy), report.Ioctl);
    }

    [Fact]
    public void ASetDomainOnAHandleNeverHeldIsUnknownOnlyWhenTheDriverRefusesIt()
    {
        _device.Result = Errno.ENOENT;
        Assert.Equal(Errno.ENOENT, Call(I915Ioctls.GemSetDomain, SetDomain(0x55, 1, 0)));
        Assert.Equal(MisuseKind.SyncOnUnknownHandle, Assert.Single(_mode.Reports).Kind);

        // A handle some request without creating semantics gave out is adopted once the driver accepts it.
        _device.Result = Errno.Ok;
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemSetDomain, SetDomain(0x66, 1, 0)));
        Assert.Equal(Errno.EINVAL, Call(I915Ioctls.GemSetDomain, SetDomain(0x66, 1, 0)));
        Assert.Equal(MisuseKind.NestedBegin, _mode.Reports.Last().Kind);
    }

    [Fact]
    public void HandlesStillHeldAtReleaseAreOneLeakReport()
    {
        uint h = Create();
        Assert.Equal(Errno.Ok, Call(I915Ioctls.GemSetDomain, SetDomain(h, 1, 0)));

        _mode.Released(_file);

        var report = Assert.Single(_mode.Reports);
        Assert.Equal(MisuseKind.LeakedObjects, report.Kind);
        Assert.Equal(h, report.Handle);
    }

    [Fact]
    public void AnUncheckedFileIsNeverWatched()
    {
        var file = new DrmFile(DrmNode.Render);
        var arg = SetDomain(Create(), 1, 0);
        var bytes = MemoryMarshal.AsBytes(new Span<GemSetDomain>(ref arg));
        Assert.Equal(Errno.Ok, _table.Dispatch(_device, file, I915Ioctls.GemSetDomain, bytes));
        Assert.Equal(Errno.Ok, _table.Dispatch(_device, file, I915Ioctls.GemSetDomain, bytes));
        Assert.False(file.IsChecked);
        Assert.Empty(_mode.Reports);
    }

    [Fact]
    public void TheGeneratedEntriesCarryTheSpecsSemantics()
    {
        var entries = I915Dispatch.Entries<FakeI915Device>();
        var setDomain = entries.Single(e => e.Code == I915Ioctls.GemSetDomain).Semantics!;
        Assert.Equal(Model.SemanticEffect.BeginsCpuAccess, Assert.Single(setDomain.Effects).Effect);
        Assert.Single(setDomain.Handles); // its handle, taken in
        var create = entries.Single(e => e.Code == I915Ioctls.GemCreate).Semantics!;
        Assert.Equal(Model.SemanticEffect.Creates, Assert.Single(create.Effects).Effect);
        Assert.Empty(create.Handles); // the handle it gives out is not taken in
        var close = DrmCoreDispatch.Entries<FakeI915Device>().Single(e => e.Code == DrmCoreIoctls.GemClose).Semantics!;
        Assert.Equal(Model.SemanticEffect.Destroys, Assert.Single(close.Effects).Effect);
    }

    /// <summary>dma-buf: the file itself is the object, and one ioctl begins or ends by its END flag (the spec's "when").</summary>
    private sealed class FakeDmaBuf : IDmaBufHandler
    {
        public int Syncs { get; private set; }

        public Errno Sync(ref SyncArgs arg, DrmFile file)
        {
            Syncs++;
            return Errno.Ok;
        }

        public Errno SetNameA(ref uint arg, DrmFile file) => Errno.ENOTTY;

        public Errno SetNameB(ref ulong arg, DrmFile file) => Errno.ENOTTY;
    }

    [Fact]
    public void DmaBufSyncPairsStartWithEndOnTheFileItself()
    {
        var device = new FakeDmaBuf();
        var table = DispatchTable<FakeDmaBuf>.Generic((byte)'b', DmaBufDispatch.Entries<FakeDmaBuf>());
        var file = new DrmFile(DrmNode.Render);
        _mode.Attach(file);
        Errno Sync(SyncFlags flags)
        {
            var arg = new SyncArgs { Flags = flags };
            return table.Dispatch(device, file, DmaBufIoctls.Sync, MemoryMarshal.AsBytes(new Span<SyncArgs>(ref arg)));
        }

        Assert.Equal(Errno.EINVAL, Sync(SyncFlags.End | SyncFlags.Read)); // END before any START
        Assert.Equal(MisuseKind.EndWithoutBegin, Assert.Single(_mode.Reports).Kind);
        Assert.Equal(Errno.Ok, Sync(SyncFlags.Start | SyncFlags.Rw));
        Assert.Equal(Errno.EINVAL, Sync(SyncFlags.Start | SyncFlags.Read)); // nested
        Assert.Equal(Errno.EINVAL, Sync(SyncFlags.End | SyncFlags.Write)); // another direction than RW
        Assert.Equal(Errno.Ok, Sync(SyncFlags.End | SyncFlags.Rw));
        Assert.Equal([MisuseKind.EndWithoutBegin, MisuseKind.NestedBegin, MisuseKind.EndFlagsMismatch], _mode.Reports.Select(r => r.Kind));
        Assert.Equal(2, device.Syncs); // refused calls never reached the driver

        _mode.Released(file);
        Assert.Equal(3, _mode.Reports.Count); // the file itself is no leaked handle
    }
}
