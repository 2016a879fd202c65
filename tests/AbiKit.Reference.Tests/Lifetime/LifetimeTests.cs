using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// Object and client lifetime as the kernel does it, each test a hostile client from issue 14: an ioctl holds a
/// reference to its object (drm_gem_object_lookup) and its file (fget) for its whole duration, so closing either
/// under it neither frees memory it still uses nor loses what it creates.
/// </summary>
public sealed unsafe class LifetimeTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>Spins (yielding) until <paramref name="thread"/> blocks: it is then waiting inside the device.</summary>
    internal static void UntilBlocked(Thread thread)
    {
        while ((thread.ThreadState & ThreadState.WaitSleepJoin) == 0 && thread.IsAlive) Thread.Yield();
    }

    [Fact]
    public void PreadAndPwriteBlockedOnABusyObjectFinishWhenAnotherThreadClosesIt()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        for (int i = 0; i < 20; i++)
        {
            bool write = i % 2 == 1;
            var bo = c.Create(4 * Page);
            fx.Device.PauseEngine();
            Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(bo, 0, 4 * Page, 0x5A)));
            var data = new byte[Page];
            Errno result = Errno.EIO;
            var io = new Thread(() => result = write ? c.Pwrite(bo, 0, data) : c.Pread(bo, 0, data));
            io.Start();
            UntilBlocked(io);
            Assert.Equal(Errno.Ok, c.Close(bo)); // the handle goes; the ioctl's reference keeps the object
            fx.Device.ResumeEngine();
            io.Join();

            Assert.Equal(Errno.Ok, result); // the kernel answers 0: the object lived until the ioctl returned
            if (!write) Assert.All(data, b => Assert.Equal(0x5A, b)); // and it read what the engine wrote
            Assert.Equal(0, fx.Device.ObjectCount);
        }
    }

    [Fact]
    public void CpuAccessBeginRacingCloseNeverWritesIntoAnotherClientsObject()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        const int Size = 16 << 10; // small: lazily freed, so its memory goes straight to the next CREATE
        for (int i = 0; i < 200; i++)
        {
            var bo = a.Create(Size, Caching.WriteCombined);
            fx.Device.PauseEngine();
            Assert.Equal(Errno.Ok, a.Submit(TestClient.Fill(bo, 0, Size, 0xA5)));
            Errno begun = Errno.EIO;
            var begin = new Thread(() => begun = a.Begin(bo, AccessFlags.Read));
            begin.Start();
            UntilBlocked(begin);
            Assert.Equal(Errno.Ok, a.Close(bo));
            BoHandle theirs = default;
            // Client B creates as soon as A's object is gone: the moment the old device rewrote freed memory.
            var create = new Thread(() =>
            {
                while (fx.Device.ObjectCount != 0) Thread.Yield();
                theirs = b.Create(Size);
            });
            create.Start();
            fx.Device.ResumeEngine();
            begin.Join();
            create.Join();

            Assert.Equal(Errno.Ok, begun);
            Assert.All(b.Read(theirs, 0, Size), x => Assert.Equal(0, x)); // a new object is zero: nothing of A's
            Assert.Equal(Errno.Ok, b.Close(theirs));
        }
    }

    [Fact]
    public void AClientClosedWhileItsCreateIsInFlightLeaksNoObject()
    {
        using var fx = new DeviceFixture();
        for (int i = 0; i < 300; i++)
        {
            var c = new TestClient(fx.Device.Open());
            using var started = new ManualResetEventSlim();
            var creator = new Thread(() =>
            {
                var args = TestClient.CreateArgsFor(Page);
                while (c.Alloc.Create(ref args) == Errno.Ok)
                {
                    started.Set();
                    args = TestClient.CreateArgsFor(Page);
                }
                started.Set();
            });
            creator.Start();
            started.Wait();
            c.Dispose(); // close(2) while CREATEs are in flight: release runs after the last of them
            creator.Join();
            Assert.Equal(0, fx.Device.ObjectCount);
        }
    }

    [Fact]
    public void DisposingTheDeviceUnderRunningIoctlsAnswersEnodevAndNeverCrashes()
    {
        for (int round = 0; round < 10; round++)
        {
            var device = new ReferenceDevice();
            var clients = Enumerable.Range(0, 3).Select(_ => new TestClient(device.Open())).ToArray();
            using var go = new ManualResetEventSlim();
            var bad = new List<string>();
            var workers = clients.Select((c, n) => new Thread(() =>
            {
                var data = new byte[64 << 10];
                var seen = new HashSet<Errno> { Errno.Ok, Errno.ENODEV };
                go.Set();
                for (int i = 0; i < 100_000; i++)
                {
                    var args = TestClient.CreateArgsFor((ulong)data.Length, n == 1 ? Caching.WriteCombined : Caching.Cached);
                    var r = c.Alloc.Create(ref args);
                    if (r == Errno.ENODEV) break;
                    var bo = args.Handle;
                    foreach (var e in new[]
                    {
                        c.Submit(TestClient.Fill(bo, 0, (ulong)data.Length, 7)), c.Pwrite(bo, 0, data), c.Pread(bo, 0, data),
                        c.Begin(bo, AccessFlags.Read), c.End(bo, AccessFlags.Read), c.Close(bo),
                    })
                    {
                        if (!seen.Contains(e)) lock (bad) bad.Add($"{e}");
                    }
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            go.Wait();
            Thread.Yield();
            device.Dispose();
            workers.ForEach(w => w.Join());
            foreach (var c in clients)
            {
                var args = TestClient.CreateArgsFor(Page);
                Assert.Equal(Errno.ENODEV, c.Alloc.Create(ref args));
                c.Dispose();
            }
            Assert.Empty(bad);
        }
    }

    [Fact]
    public void ASpanTakenBeforeTheDeviceIsDisposedStaysUsable()
    {
        var device = new ReferenceDevice();
        var c = new TestClient(device.Open());
        var bo = c.Create(Page);
        var map = c.Map(bo, Page);
        var span = map.Span(0, (int)Page);
        device.Dispose();
        span.Fill(0x33); // the mapping keeps its pages, as an mmap keeps its file: no fault
        Assert.Equal(0x33, span[(int)Page - 1]);
        map.Dispose();
        c.Dispose();
    }

    [Fact]
    public void ASpanTakenBeforeCompactWritesTheMovedObjectNeverAnotherClients()
    {
        for (int i = 0; i < 20; i++)
        {
            using var fx = new DeviceFixture();
            var a = fx.Open();
            var b = fx.Open();
            var filler = a.Create(3 * Page);
            var mine = a.Create(3 * Page);
            using var map = a.Map(mine, 3 * Page);
            var span = map.Span(0, (int)(3 * Page));
            Assert.Equal(Errno.Ok, a.Close(filler));
            Assert.Equal(1, fx.Device.Compact().Moved); // the object moves down into the hole

            var theirs = b.Create(3 * Page); // B's new object takes the memory the object left
            span.Fill(0xEE); // A writes through the span it took before the move

            Assert.All(b.Read(theirs, 0, (int)(3 * Page)), x => Assert.Equal(0, x));
            Assert.All(a.Read(mine, 0, (int)(3 * Page)), x => Assert.Equal(0xEE, x)); // the span followed the object
        }
    }

    [Fact]
    public void ReadingPastAMappingsEndNeverShowsANeighboursBytes()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var mine = a.Create(Page);
        var theirs = b.Create(Page); // right after A's object in the device's memory
        b.Write(theirs, 0, Enumerable.Repeat((byte)0xCD, (int)Page).ToArray());
        using var map = a.Map(mine, Page);
        byte* p;
        fixed (byte* q = map.Span(0, 1)) p = q;
        for (ulong off = Page; off < 2 * Page; off++) Assert.NotEqual(0xCD, p[off]); // a raw read one page past the end
    }

    [Fact]
    public void WaitWithATimeoutBeyondTwentyFourDaysWaits()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        const long ThirtyDays = 30L * 24 * 3600 * 1_000_000_000;
        foreach (var absolute in new[] { false, true })
        {
            var bo = c.Create(Page);
            fx.Device.PauseEngine();
            Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(bo, 0, Page, 1)));
            Errno result = Errno.EIO;
            long timeout = absolute ? ReferenceDevice.MonotonicNs() + ThirtyDays : ThirtyDays;
            var waiter = new Thread(() => result = c.Wait(bo, ref timeout, absolute ? WaitFlags.Absolute : 0));
            waiter.Start();
            UntilBlocked(waiter);
            fx.Device.ResumeEngine();
            waiter.Join();
            Assert.Equal(Errno.Ok, result);
            Assert.Equal(Errno.Ok, c.Close(bo));
        }
    }
}

/// <summary>Lifetime tests that wrap user memory: they share the USERPTR collection's address-space rules.</summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class UserptrLifetimeTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void AClientClosedWhileItsUserptrIsInFlightLeaksNoObjectAndNoLockedPage()
    {
        using var fx = new DeviceFixture();
        using var pages = UserPages.Anonymous(4);
        for (int i = 0; i < 200; i++)
        {
            var c = new TestClient(fx.Device.Open());
            using var started = new ManualResetEventSlim();
            var creator = new Thread(() =>
            {
                for (int n = 0; ; n++)
                {
                    if (c.Userptr(pages.PageAt(n % 4), Page, 0, out _) != Errno.Ok) break;
                    started.Set();
                }
                started.Set();
            });
            creator.Start();
            started.Wait();
            c.Dispose();
            creator.Join();
            Assert.Equal(0, fx.Device.ObjectCount);
        }
        Assert.DoesNotContain("lo", UserPages.VmFlagsAt(pages.Address)); // no page left mlocked
    }

    [Fact]
    public void UserptrOverAnotherClientsMappingCannotReachItsObject()
    {
        using var fx = new DeviceFixture();
        var victim = fx.Open();
        var attacker = fx.Open();
        var secret = victim.Create(Page);
        victim.Write(secret, 0, Enumerable.Repeat((byte)0x42, (int)Page).ToArray());
        using var map = victim.Map(secret, Page);
        ulong address;
        fixed (byte* p = map.Span(0, 1)) address = (ulong)p;

        var created = attacker.Userptr(address, Page, 0, out var stolen); // no PROBE: i915 accepts, and fails at first use
        var copy = attacker.Create(Page);
        if (created == Errno.Ok)
        {
            Assert.Equal(Errno.EFAULT, attacker.Submit(TestClient.Copy(stolen, 0, copy, 0, Page)));
            Assert.Equal(Errno.EFAULT, attacker.Submit(TestClient.Fill(stolen, 0, Page, 0)));
        }
        attacker.WaitIdle(copy);
        Assert.All(attacker.Read(copy, 0, (int)Page), x => Assert.Equal(0, x));
        Assert.All(victim.Read(secret, 0, (int)Page), x => Assert.Equal(0x42, x));
    }
}
