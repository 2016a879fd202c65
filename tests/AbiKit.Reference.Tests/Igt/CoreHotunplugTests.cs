using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/core_hotunplug.c. Unbinding the driver and unplugging the device are one thing here, disposing
/// the device (drm_dev_unplug); rebinding or rescanning is a new device. IGT's healthcheck (a GEM round trip
/// on the new instance) is <see cref="Healthcheck"/>. Each pair (unbind/unplug) is one test.
/// </summary>
public sealed class CoreHotunplugTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>IGT's healthcheck: the device creates, writes, runs the engine and reads back.</summary>
    private static void Healthcheck(ReferenceDevice device)
    {
        using var c = new TestClient(device.Open());
        var src = c.Create(Page);
        var dst = c.Create(Page);
        c.Write(src, 0, new byte[] { 1, 2, 3, 4 });
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(src, 0, dst, 0, Page)));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, c.Read(dst, 0, 4));
    }

    /// <summary>core_hotunplug@unbind-rebind and @unplug-rescan: a device with no open file goes, and a new one is healthy.</summary>
    [Fact]
    public void UnbindRebind()
    {
        var device = new ReferenceDevice();
        Healthcheck(device);
        device.Dispose();
        Assert.Throws<ObjectDisposedException>(() => device.Open());
        using var rebound = new ReferenceDevice();
        Healthcheck(rebound);
    }

    /// <summary>
    /// core_hotunplug@hotunbind-rebind and @hotunplug-rescan: the device goes while a file is open (with an
    /// object, queued work and a mapping); that file's ioctls answer ENODEV, its late close succeeds, the
    /// mapping keeps its pages, and a new device is healthy.
    /// </summary>
    [Fact]
    public void HotunbindRebind()
    {
        var device = new ReferenceDevice();
        var fd = new TestClient(device.Open());
        var bo = fd.Create(Page);
        fd.Write(bo, 0, new byte[] { 7 });
        var map = fd.Map(bo, Page);
        device.PauseEngine();
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(bo, 1, 1, 9)));

        device.Dispose(); // hot: the file is still open, work still queued
        Assert.Equal(Errno.ENODEV, fd.Busy(bo, out _));
        Assert.Equal(Errno.ENODEV, fd.Pread(bo, 0, new byte[1]));
        var create = TestClient.CreateArgsFor(Page);
        Assert.Equal(Errno.ENODEV, fd.Alloc.Create(ref create));
        Assert.Equal(7, map.Span(0, 1)[0]);

        fd.Dispose(); // late close
        map.Dispose();
        using var rebound = new ReferenceDevice();
        Healthcheck(rebound);
    }

    /// <summary>
    /// core_hotunplug@hotrebind and @hotreplug, and their -lateclose forms: a new device comes up while the old
    /// one's file is still open; the new one is healthy, and the old file closes (early or late) without
    /// touching it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hotrebind(bool lateClose)
    {
        var device = new ReferenceDevice();
        var fd = new TestClient(device.Open());
        fd.Create(Page);
        device.Dispose();
        using var rebound = new ReferenceDevice();
        if (!lateClose) fd.Dispose();
        Healthcheck(rebound);
        if (lateClose)
        {
            fd.Dispose();
            Healthcheck(rebound);
        }
        Assert.Equal(0, rebound.ObjectCount);
    }
}
