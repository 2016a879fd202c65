using AbiKit.Interop.Alloc;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// CPU mappings against device work. For a non-coherent (WRITE_COMBINED) object a missing CPU_ACCESS_BEGIN
/// leaves the mapping showing stale data and a missing CPU_ACCESS_END leaves CPU writes invisible to the
/// engine; with the syncs both are right. A CACHED object is coherent in the reference device, so the effect
/// is specific to non-coherent objects.
/// </summary>
public sealed class CoherencyTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private static readonly int N = (int)Page;

    private static byte[] Snapshot(AbiKit.Runtime.Channels.IMappedMemory map) => map.Span(0, N).ToArray();

    [Fact]
    public void WithoutBeginReadTheMappingShowsStaleDataAfterDeviceWrites()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        using var map = c.Map(h, Page);

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        c.WaitIdle(h);

        // The device finished, but nothing made its writes visible to the CPU: the old bytes (zeros).
        Assert.All(Snapshot(map), b => Assert.Equal(0, b));
        // PREAD needs no window: it reads what the device wrote.
        Assert.All(c.Read(h, 0, N), b => Assert.Equal(0xAB, b));
        Assert.All(Snapshot(map), b => Assert.Equal(0, b)); // and does not refresh the mapping
    }

    [Fact]
    public void WithBeginReadTheMappingShowsWhatTheDeviceWrote()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        using var map = c.Map(h, Page);

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        c.WaitIdle(h);
        Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Read));
        Assert.All(Snapshot(map), b => Assert.Equal(0xAB, b));
        Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Read));
    }

    [Fact]
    public async Task BeginReadWaitsForPendingDeviceWork()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        using var map = c.Map(h, Page);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xCD)));
        var begin = Task.Run(() => c.Begin(h, AccessFlags.Read));
        // Cannot finish while the engine is paused, however long we look.
        Assert.NotSame(begin, await Task.WhenAny(begin, Task.Delay(50)));
        fx.Device.ResumeEngine();
        Assert.Equal(Errno.Ok, await begin.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(Snapshot(map), b => Assert.Equal(0xCD, b));
        Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Read));
    }

    [Fact]
    public void WithoutEndWriteTheDeviceDoesNotSeeCpuWrites()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        var sink = c.Create(Page);
        using var map = c.Map(h, Page);

        map.Span(0, N).Fill(0x5A); // no window at all

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(h, 0, Page, sink, 0)));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(h, 0, sink, 8, Page - 8)));
        c.WaitIdle(sink);
        Assert.Equal(SubmitErrnoTests.Fnv1a(new byte[N]), BitConverter.ToUInt64(c.Read(sink, 0, 8)));
        Assert.All(c.Read(sink, 8, N - 8), b => Assert.Equal(0, b));
        Assert.All(c.Read(h, 0, N), b => Assert.Equal(0, b)); // the device view never got them
    }

    [Fact]
    public void WithBeginWriteAndEndWriteTheDeviceSeesCpuWrites()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        var sink = c.Create(Page);
        using var map = c.Map(h, Page);
        var data = Enumerable.Range(0, N).Select(i => (byte)(i * 31 + 5)).ToArray();

        Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Write));
        data.CopyTo(map.Span(0, N));
        Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Write));

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(h, 0, Page, sink, 0)));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(h, 8, sink, 8, Page - 8)));
        c.WaitIdle(sink);
        Assert.Equal(SubmitErrnoTests.Fnv1a(data), BitConverter.ToUInt64(c.Read(sink, 0, 8)));
        Assert.Equal(data.AsSpan(8).ToArray(), c.Read(sink, 8, N - 8));
    }

    [Fact]
    public void CachedObjectsAreCoherentWithoutSyncs()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.Cached);
        var sink = c.Create(Page);
        using var map = c.Map(h, Page);

        // Device writes are visible through the mapping without CPU_ACCESS_BEGIN...
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        c.WaitIdle(h);
        Assert.All(Snapshot(map), b => Assert.Equal(0xAB, b));

        // ...and CPU writes reach the device without CPU_ACCESS_END.
        var data = Enumerable.Range(0, N).Select(i => (byte)(i ^ 0x3c)).ToArray();
        data.CopyTo(map.Span(0, N));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(h, 0, Page, sink, 0)));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(h, 8, sink, 8, Page - 8)));
        c.WaitIdle(sink);
        Assert.Equal(SubmitErrnoTests.Fnv1a(data), BitConverter.ToUInt64(c.Read(sink, 0, 8)));
        Assert.Equal(data.AsSpan(8).ToArray(), c.Read(sink, 8, N - 8));
    }

    [Fact]
    public void ImportedNonCoherentObjectsNeedTheSyncsInEachClient()
    {
        // "Both clients see the same contents and must each bracket CPU access."
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create(Page, Caching.WriteCombined);
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out _));
        using var mapB = b.Map(hb, Page);

        Assert.Equal(Errno.Ok, a.Submit(TestClient.Fill(h, 0, Page, 0x11)));
        a.WaitIdle(h);
        Assert.All(Snapshot(mapB), x => Assert.Equal(0, x));
        Assert.Equal(Errno.Ok, b.Begin(hb, AccessFlags.Read));
        Assert.All(Snapshot(mapB), x => Assert.Equal(0x11, x));
        Assert.Equal(Errno.Ok, b.End(hb, AccessFlags.Read));
    }

    [Fact]
    public void AMappingOutlivesItsHandle()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        c.Write(h, 0, [1, 2, 3, 4]);
        var map = c.Map(h, Page);
        Assert.Equal(Errno.Ok, c.Close(h));
        Assert.Equal(1, fx.Device.ObjectCount); // the mapping keeps the pages
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, map.Span(0, 4).ToArray());
        map.Dispose();
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
