using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_close_race.c (its child processes are clients; its timer closing the fd is another
/// thread disposing the client). Not mapping: contexts (no GPU contexts), multigpu-* (one device).
/// </summary>
public sealed class GemCloseRaceTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>IGT's load(): an object with work queued on it, left for the file's release.</summary>
    private static BoHandle Load(TestClient c)
    {
        var handle = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(handle, 0, Page, 0xA5)));
        return handle;
    }

    /// <summary>gem_close_race@basic-process: a client loads work and goes without closing anything.</summary>
    [Fact]
    public void BasicProcess()
    {
        using var fx = new DeviceFixture();
        var child = fx.OpenAsIgt();
        fx.Device.PauseEngine();
        Load(child);
        child.Dispose();
        Assert.Equal(1, fx.Device.ObjectCount); // the queued work keeps it
        fx.Device.ResumeEngine();
        fx.Quiesce();
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>gem_close_race@process-exit: 768 clients each load work (every 64th also reads it back) and exit.</summary>
    [Fact]
    public void ProcessExit()
    {
        using var fx = new DeviceFixture();
        for (int child = 0; child < 768; child++)
        {
            var c = fx.OpenAsIgt();
            var handle = Load(c);
            if ((child & 63) == 63) Assert.Equal(0xA5, c.Read(handle, 0, 1)[0]);
            c.Dispose();
        }
        fx.Quiesce();
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_close_race@basic-threads and @gem-close-race: threads each reopen the device, GEM_OPEN a shared flink
    /// name, submit a self-copy and close handles from their history, while the file is closed under them
    /// (IGT's timer signal); every call answers a valid errno, and nothing but the shared object is left.
    /// </summary>
    [Fact]
    public void BasicThreads()
    {
        using var fx = new DeviceFixture();
        var owner = fx.OpenAsIgt();
        var shared = owner.Create(2 * Page);
        uint name = owner.Flink(shared);
        IgtCalls.RunThreads(3, seed =>
        {
            var random = new Random(seed);
            for (int round = 0; round < 60; round++)
            {
                var file = new TestClient(fx.Device.Open(Runtime.Dispatch.DrmNode.Primary, hasSysAdmin: true));
                int closeAfter = random.Next(1, 64);
                var closer = IgtCalls.Background(() =>
                {
                    for (int i = 0; i < closeAfter; i++) Thread.Yield();
                    file.Dispose();
                });
                var history = new uint[16];
                for (int n = 0; ; n++)
                {
                    var opened = file.GemOpen(name, out var handle, out _);
                    if (opened == Errno.EBADF) break; // the file was closed under us
                    Assert.Equal(Errno.Ok, opened);
                    var copied = file.Submit(TestClient.Copy(handle, 0, handle, Page, Page));
                    Assert.True(copied is Errno.Ok or Errno.ENOENT or Errno.EBADF, $"SUBMIT: {copied}");
                    uint old = history[n % history.Length];
                    if (old != 0)
                    {
                        var closed = file.GemClose(old);
                        Assert.True(closed is Errno.Ok or Errno.EINVAL or Errno.EBADF, $"GEM_CLOSE: {closed}");
                    }
                    history[n % history.Length] = handle.Value;
                }
                closer();
            }
        });
        fx.Quiesce();
        Assert.Equal(1, fx.Device.ObjectCount);
        Assert.Equal(Errno.Ok, owner.GemClose(shared.Value));
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
