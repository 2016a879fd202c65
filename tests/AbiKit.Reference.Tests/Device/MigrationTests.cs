using AbiKit.Interop.Alloc;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// Compaction and the migration callback: a pinned object moves only if its client, asked through the
/// callback, lets go of the pin; its contents survive the move.
/// </summary>
public sealed unsafe class MigrationTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private static readonly byte[] Data = Enumerable.Range(0, 3 * (int)DeviceFixture.PageSize).Select(i => (byte)(i * 13 + 7)).ToArray();

    /// <summary>
    /// A client with object A (3 pages of <see cref="Data"/>, pinned) above a hole left by a closed filler, so
    /// that compaction has somewhere lower to move A to.
    /// </summary>
    private static (TestClient Client, BoHandle A) PinnedObjectAboveAHole(DeviceFixture fx, Caching caching = Caching.Cached)
    {
        var c = fx.Open();
        var filler = c.Create(3 * Page);
        var a = c.Create(3 * Page, caching);
        c.Write(a, 0, Data);
        Assert.Equal(Errno.Ok, c.Close(filler));
        Assert.Equal(Errno.Ok, c.Pin(a));
        return (c, a);
    }

    private static nint Address(IMappedMemory map)
    {
        fixed (byte* p = map.Span(0, 1)) return (nint)p;
    }

    [Fact]
    public void APinnedObjectWhoseClientUnpinsInTheCallbackIsMovedIntact()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);
        using var map = c.Map(a, 3 * Page);
        nint before = Address(map);
        var asked = new List<uint>();
        fx.Device.SetMigrationCallback(c.Channel, handle =>
        {
            asked.Add(handle);
            return c.Unpin(new BoHandle(handle)) == Errno.Ok;
        });

        var result = fx.Device.Compact();

        Assert.Equal(new[] { a.Value }, asked);
        Assert.Equal(1, result.Moved);
        Assert.Equal(0, result.Blocked);
        Assert.Equal(before, Address(map)); // the mapping stays where it is, remapped onto the object's new memory
        Assert.Equal(Data, c.Read(a, 0, Data.Length));
        Assert.Equal(Data, map.Span(0, Data.Length).ToArray());
        Assert.Equal(Errno.EINVAL, c.Unpin(a)); // the callback's UNPIN really dropped the pin
    }

    [Fact]
    public void APinnedObjectWhoseClientDeclinesIsBlockedAndStays()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);
        using var map = c.Map(a, 3 * Page);
        nint before = Address(map);
        int asked = 0;
        fx.Device.SetMigrationCallback(c.Channel, _ =>
        {
            asked++;
            return false;
        });

        var result = fx.Device.Compact();

        Assert.Equal(1, asked);
        Assert.Equal(0, result.Moved);
        Assert.Equal(1, result.Blocked);
        Assert.Equal(before, Address(map));
        Assert.Equal(Data, c.Read(a, 0, Data.Length));
        Assert.Equal(Errno.Ok, c.Unpin(a)); // still pinned
    }

    [Fact]
    public void CompactionSucceedsOnlyAfterTheCallbackReleasesThePin()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);

        // No callback: nobody can be asked, the pin holds.
        Assert.Equal(new CompactionResult(0, 1), fx.Device.Compact());
        // A callback that declines: still held.
        fx.Device.SetMigrationCallback(c.Channel, _ => false);
        Assert.Equal(new CompactionResult(0, 1), fx.Device.Compact());
        // A callback that unpins: moved.
        fx.Device.SetMigrationCallback(c.Channel, h => c.Unpin(new BoHandle(h)) == Errno.Ok);
        Assert.Equal(new CompactionResult(1, 0), fx.Device.Compact());
        Assert.Equal(Data, c.Read(a, 0, Data.Length));
        // Compact again: nothing lower to go to, nothing blocked.
        Assert.Equal(new CompactionResult(0, 0), fx.Device.Compact());
    }

    [Fact]
    public void ANonCoherentObjectMovesWithBothItsViews()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx, Caching.WriteCombined);
        fx.Device.SetMigrationCallback(c.Channel, h => c.Unpin(new BoHandle(h)) == Errno.Ok);

        Assert.Equal(1, fx.Device.Compact().Moved);

        Assert.Equal(Data, c.Read(a, 0, Data.Length)); // device view
        using var map = c.Map(a, 3 * Page);
        Assert.Equal(Errno.Ok, c.Begin(a, AccessFlags.Read));
        Assert.Equal(Data, map.Span(0, Data.Length).ToArray()); // CPU view
        Assert.Equal(Errno.Ok, c.End(a, AccessFlags.Read));
    }

    [Fact]
    public void AnUnpinnedIdleObjectMovesWithoutAsking()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);
        Assert.Equal(Errno.Ok, c.Unpin(a));
        int asked = 0;
        fx.Device.SetMigrationCallback(c.Channel, _ => { asked++; return false; });

        Assert.Equal(new CompactionResult(1, 0), fx.Device.Compact());
        Assert.Equal(0, asked);
        Assert.Equal(Data, c.Read(a, 0, Data.Length));
    }

    [Fact]
    public void ABusyObjectIsBlocked()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);
        Assert.Equal(Errno.Ok, c.Unpin(a));
        var sink = c.Create(Page);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(a, 0, 3 * Page, sink, 0)));

        // a (read by the command) and sink (written by it) are both busy.
        Assert.Equal(new CompactionResult(0, 2), fx.Device.Compact());

        fx.Device.ResumeEngine();
        c.WaitIdle(sink);
        Assert.Equal(SubmitErrnoTests.Fnv1a(Data), BitConverter.ToUInt64(c.Read(sink, 0, 8)));
    }

    [Fact]
    public void AnObjectInsideACpuAccessWindowIsBlocked()
    {
        using var fx = new DeviceFixture();
        var (c, a) = PinnedObjectAboveAHole(fx);
        Assert.Equal(Errno.Ok, c.Unpin(a));
        Assert.Equal(Errno.Ok, c.Begin(a, AccessFlags.Read));

        Assert.Equal(new CompactionResult(0, 1), fx.Device.Compact());

        Assert.Equal(Errno.Ok, c.End(a, AccessFlags.Read));
        Assert.Equal(new CompactionResult(1, 0), fx.Device.Compact());
    }
}
