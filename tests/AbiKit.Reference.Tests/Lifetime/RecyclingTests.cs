using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// The device recycles freed objects and closed handles' entries, so that CREATE+CLOSE and a validated ioctl
/// allocate nothing. Recycling must stay invisible: an ioctl that waited while its handle was closed and the
/// entry reused must not act on the new handle.
/// </summary>
public sealed class RecyclingTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void CreateAndCloseThroughTheDispatchTableAllocateNothing()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        CreateArgs create;
        CloseArgs close;
        foreach (var caching in new[] { Caching.Cached, Caching.WriteCombined }) // warms the tables and the recycling stacks
        {
            create = new CreateArgs { Size = Page, Caching = caching };
            Assert.Equal(Errno.Ok, c.Alloc.Create(ref create));
            close = new CloseArgs { Handle = create.Handle };
            Assert.Equal(Errno.Ok, c.Alloc.Close(ref close));
        }

        // Results are collected and asserted after: the assertions themselves allocate.
        int failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            create = new CreateArgs { Size = Page, Caching = i % 2 == 0 ? Caching.Cached : Caching.WriteCombined };
            if (c.Alloc.Create(ref create) != Errno.Ok) failures++;
            close = new CloseArgs { Handle = create.Handle };
            if (c.Alloc.Close(ref close) != Errno.Ok) failures++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    [Fact]
    public void BusyAndGetParamThroughTheDispatchTableAllocateNothing()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var bo = c.Create();
        Assert.Equal(Errno.Ok, c.Busy(bo, out _));
        Assert.Equal(Errno.Ok, c.GetParam(Param.PageSize, out _));

        int failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var busy = new BusyArgs { Handle = bo };
            if (c.Alloc.Busy(ref busy) != Errno.Ok) failures++;
            var param = new GetParamArgs { Param = Param.PageSize };
            if (c.Alloc.GetParam(ref param) != Errno.Ok) failures++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CpuAccessBeginThatWaitedOpensNoWindowOnTheHandleThatReusedItsEntry()
    {
        // Unchecked mode: handle numbers carry no generation, so the new object gets the same handle value and
        // the closed handle's recycled entry.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var old = c.Create(Page, Caching.WriteCombined);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(old, 0, Page, 0x11)));
        Errno begun = Errno.EIO;
        var waiter = new Thread(() => begun = c.Begin(old, AccessFlags.Write)); // waits for the engine
        waiter.Start();
        LifetimeTests.UntilBlocked(waiter);

        Assert.Equal(Errno.Ok, c.Close(old));
        var reused = c.Create(Page, Caching.WriteCombined);
        Assert.Equal(old.Value, reused.Value);
        fx.Device.ResumeEngine();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(Errno.Ok, begun); // its handle went while it waited: nothing to open, as before

        // Had the waiter opened its window on the new handle, ending one there would count a window below zero.
        Assert.Equal(Errno.Ok, c.End(reused, AccessFlags.Write));
        Assert.Contains("windows 0;", fx.Device.DescribeLiveObjects());
        Assert.DoesNotContain("windows -", fx.Device.DescribeLiveObjects());
        Assert.Equal(Errno.Ok, c.Close(reused));
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
