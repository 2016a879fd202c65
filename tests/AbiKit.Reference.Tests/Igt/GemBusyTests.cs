using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_busy.c. The extended/parallel/semaphore/hang subtests read i915's per-engine busy bits
/// (and need GPU semaphores or hangs): they do not map, the device has one engine and BUSY answers 0 or 1.
/// </summary>
public sealed class GemBusyTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>gem_busy@busy: an object with queued work is busy, and becomes idle once the work completes.</summary>
    [Fact]
    public void Busy()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Page);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(handle, 0, Page, 1)));
        Assert.Equal(Errno.Ok, fd.Busy(handle, out uint busy));
        Assert.Equal(1u, busy);
        fx.Device.ResumeEngine();
        fd.WaitIdle(handle);
        Assert.Equal(Errno.Ok, fd.Busy(handle, out busy));
        Assert.Equal(0u, busy);
    }

    /// <summary>
    /// gem_busy@close-race: one thread submits work and closes handles at random while others query BUSY on
    /// the same handles; BUSY only ever answers 0/1 or ENOENT, and nothing is left at the end.
    /// </summary>
    [Fact]
    public void CloseRace()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        const int Handles = 64;
        var handles = new uint[Handles];
        for (int i = 0; i < Handles; i++) handles[i] = fd.Create(Page).Value;
        int done = 0;
        var checkers = Enumerable.Range(0, 2).Select(seed => IgtCalls.Background(() =>
        {
            var random = new Random(seed);
            while (Volatile.Read(ref done) == 0)
            {
                var result = fd.Busy(new BoHandle(Volatile.Read(ref handles[random.Next(Handles)])), out uint busy);
                Assert.True(result == Errno.ENOENT || (result == Errno.Ok && busy <= 1), $"BUSY: {result}, {busy}");
            }
        })).ToList();
        try
        {
            var random = new Random(7);
            for (int round = 0; round < 5_000; round++)
            {
                int i = random.Next(Handles);
                var handle = new BoHandle(handles[i]);
                Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(handle, 0, 64, (byte)round)));
                if (random.Next(4) != 0) continue;
                Assert.Equal(Errno.Ok, fd.Close(handle));
                Volatile.Write(ref handles[i], fd.Create(Page).Value);
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            foreach (var join in checkers) join();
        }
        foreach (uint h in handles) Assert.Equal(Errno.Ok, fd.Close(new BoHandle(h)));
        fx.Quiesce();
        Assert.Equal(0, fx.Device.ObjectCount); // the completed work's references went with it
    }
}
