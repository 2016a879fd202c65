using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// Where the reference device knowingly differs from i915 (docs/runtime.md, "Intended differences from i915"):
/// each choice pinned, so changing it is a decision, not an accident.
/// </summary>
public sealed class DocumentedChoicesTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void AnExistingMappingOfAPurgedObjectReadsZerosWhereI915WouldRaiseSigbus()
    {
        // i915: touching a purged object's mapping is SIGBUS, which would kill a .NET host. Here a mapping made
        // before the purge reads zeros (and takes writes nobody will see); every ioctl use, and a new mapping,
        // is EFAULT as in i915; MADVISE's retained 0 says so.
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 2 * Page });
        var c = fx.Open();
        var victim = c.Create(Page);
        using var map = c.Map(victim, Page);
        map.Span(0, 3).Fill(9);
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out _));
        c.Create(2 * Page); // over budget: the DONTNEED object is purged
        Assert.Equal(new byte[3], map.Span(0, 3).ToArray());
        map.Span(0, 1)[0] = 7;
        Assert.Equal(Errno.EFAULT, c.Pread(victim, 0, new byte[1]));
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
    }

    [Fact]
    public void AnExportTokenDiesWithTheLastHandleEvenWhileAMappingKeepsTheObject()
    {
        // A dma-buf fd keeps its object; a token is a name, like a flink name: gone with the last handle.
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var bo = a.Create(Page);
        Assert.Equal(Errno.Ok, a.Export(bo, out ulong token));
        using var map = a.Map(bo, Page);
        Assert.Equal(Errno.Ok, a.Close(bo));
        Assert.Equal(1, fx.Device.ObjectCount); // the mapping holds it
        Assert.Equal(Errno.ENOENT, b.Import(token, out _, out _));
    }

    [Fact]
    public void CreateOfAllOnesIsE2bigWhereI915SaysEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(ulong.MaxValue);
        Assert.Equal(Errno.E2BIG, c.Alloc.Create(ref args));
    }

    [Fact]
    public void OnlyAPrefixOfAnObjectCanBeMapped()
    {
        // i915's mmap offsets accept any page within the object (vm_pgoff); here only the object's own offset.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var bo = c.Create(2 * Page);
        Assert.Equal(Errno.Ok, c.MmapOffset(bo, out ulong offset));
        Assert.Equal(Errno.EINVAL, c.Channel.Map(offset + Page, Page, out _));
        Assert.Equal(Errno.Ok, c.Channel.Map(offset, Page, out var prefix));
        prefix!.Dispose();
    }

    [Fact]
    public void SubmitHasNoBackPressure()
    {
        // i915 throttles a client that runs too far ahead (ring space, EAGAIN/waits); this engine's queue is unbounded.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var bo = c.Create(Page);
        fx.Device.PauseEngine();
        for (int i = 0; i < 20_000; i++) Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(bo, 0, 64, (byte)i)));
        fx.Device.ResumeEngine();
        c.WaitIdle(bo);
    }

    [Fact]
    public void DisposingTheDeviceFromItsOwnCallbackThrowsInsteadOfWaitingForItself()
    {
        var device = new ReferenceDevice();
        var c = new TestClient(device.Open());
        var bo = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Pin(bo));
        device.SetMigrationCallback(c.Channel, _ =>
        {
            device.Dispose();
            return false;
        });
        Assert.Throws<InvalidOperationException>(() => device.Compact());
        device.SetMigrationCallback(c.Channel, null);
        c.Dispose();
        device.Dispose();
        Assert.True(device.IsDisposed);
    }
}
