using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_wait.c. The spinner is the paused engine (queued work that does not run until resumed);
/// the hang-* subtests need a GPU hang and do not map.
/// </summary>
public sealed class GemWaitTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>
    /// gem_wait@invalid-flags: "tests for just the next available flag". i915 defines none, so it passes 1;
    /// here bit 0 is ABIKIT_WAIT_ABSOLUTE, so the next available flag is bit 1.
    /// </summary>
    [Fact]
    public void InvalidFlags()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(4096);
        long timeout = 1;
        Assert.Equal(Errno.EINVAL, fd.Wait(handle, ref timeout, (WaitFlags)(1u << 1)));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>gem_wait@invalid-buf: handle 0 is ENOENT.</summary>
    [Fact]
    public void InvalidBuf()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        long timeout = 0;
        Assert.Equal(Errno.ENOENT, fd.Wait(new BoHandle(0), ref timeout));
    }

    /// <summary>
    /// gem_wait@wait, @write-wait and @await: a busy object times out (ETIME, the timeout written back as 0), a
    /// poll (0) is ETIME; once the work can run a bounded wait succeeds leaving a non-negative remainder, an
    /// unbounded one (-1) succeeds and leaves -1, and a poll of the idle object succeeds. With <paramref name="write"/>
    /// the object waited on is the one the engine writes (the "plug"), else the one it only reads — GEM_WAIT
    /// waits for both.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Wait(bool write, bool unbounded)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var read = fd.Create(Page);
        var written = fd.Create(Page);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(read, 0, written, 0, Page)));
        var waited = write ? written : read;

        long timeout = 0;
        Assert.Equal(Errno.ETIME, fd.Wait(waited, ref timeout));
        timeout = 1_000_000; // 1 ms of a queue that cannot run
        Assert.Equal(Errno.ETIME, fd.Wait(waited, ref timeout));
        Assert.Equal(0, timeout);

        fx.Device.ResumeEngine();
        timeout = unbounded ? -1 : TestClient.IdleBoundNs;
        Assert.Equal(Errno.Ok, fd.Wait(waited, ref timeout));
        if (unbounded) Assert.Equal(-1, timeout);
        else Assert.True(timeout >= 0);

        timeout = 0;
        Assert.Equal(Errno.Ok, fd.Wait(waited, ref timeout));
        Assert.Equal(0, timeout);
    }

    /// <summary>gem_wait@busy and @write-busy: polling a busy object is ETIME until the work completes, then 0.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Busy(bool write)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var read = fd.Create(Page);
        var written = fd.Create(Page);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(read, 0, written, 0, Page)));
        var waited = write ? written : read;
        long timeout = 0;
        Assert.Equal(Errno.ETIME, fd.Wait(waited, ref timeout));
        fx.Device.ResumeEngine();
        fd.WaitIdle(written); // the engine ran; then the poll must see it idle
        timeout = 0;
        Assert.Equal(Errno.Ok, fd.Wait(waited, ref timeout));
    }
}
