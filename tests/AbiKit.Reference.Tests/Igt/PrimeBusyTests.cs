using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Lifetime;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT prime_busy's expectations for CPU access (DMA_BUF_IOCTL_SYNC, i915's set_domain): the CPU reading waits
/// only for the device's writes — work that merely reads the object does not hold a reader up — while the CPU
/// writing waits for the device's reads too.
/// </summary>
public sealed class PrimeBusyTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30); // a bound on a wait that must end, never a timing assertion

    /// <summary>Runs <paramref name="call"/> on a thread: true when it blocked (waited for the engine), false when it returned.</summary>
    private static (Thread Thread, Func<Errno> Result) Start(Func<Errno> call)
    {
        Errno result = Errno.EIO;
        var thread = new Thread(() => result = call());
        thread.Start();
        return (thread, () => result);
    }

    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.WriteCombined)]
    public void ReadingWaitsOnlyForTheDevicesWrites(Caching caching)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var read = c.Create(Page, caching);
        var written = c.Create(Page, caching);
        c.Write(read, 0, new byte[] { 1, 2, 3 });
        fx.Device.PauseEngine();
        // Queued, not run: the engine reads `read` and writes `written`.
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(read, 0, Page, written, 0)));
        Assert.Equal(Errno.Ok, c.Busy(read, out uint busy));
        Assert.Equal(1u, busy);

        // The CPU may read what the device only reads: no wait.
        var (reader, readResult) = Start(() => c.Begin(read, AccessFlags.Read));
        Assert.True(reader.Join(Bound), "CPU_ACCESS_BEGIN(READ) waited for work that only reads the object");
        Assert.Equal(Errno.Ok, readResult());
        Assert.Equal(Errno.Ok, c.End(read, AccessFlags.Read));

        // Writing it, or reading what the device writes, waits.
        var (writer, writeResult) = Start(() => c.Begin(read, AccessFlags.Write));
        var (reader2, read2Result) = Start(() => c.Begin(written, AccessFlags.Read));
        LifetimeTests.UntilBlocked(writer);
        LifetimeTests.UntilBlocked(reader2);
        Assert.True(writer.IsAlive && reader2.IsAlive);
        fx.Device.ResumeEngine();
        writer.Join();
        reader2.Join();
        Assert.Equal(Errno.Ok, writeResult());
        Assert.Equal(Errno.Ok, read2Result());
        Assert.Equal(Errno.Ok, c.End(read, AccessFlags.Write));
        Assert.Equal(Errno.Ok, c.End(written, AccessFlags.Read));
    }

    /// <summary>
    /// prime_busy@before, @after, @before-wait, @after-wait: whether the objects were shared (EXPORT, the
    /// device's dma-buf) before or after the work was queued, another client that imported them sees the written
    /// one busy for reading and writing, the read one busy only for writing (its CPU read does not wait), and
    /// both idle once the work is done. hang and hang-wait need a GPU hang: not mapped.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnImporterSeesTheBusynessWhetherSharedBeforeOrAfterTheWork(bool before)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var other = fx.Open();
        var scratch = c.Create(Page);
        var batch = c.Create(Page);
        (BoHandle Scratch, BoHandle Batch) Share()
        {
            Assert.Equal(Errno.Ok, c.Export(scratch, out ulong s));
            Assert.Equal(Errno.Ok, c.Export(batch, out ulong b));
            Assert.Equal(Errno.Ok, other.Import(s, out var importedScratch, out _));
            Assert.Equal(Errno.Ok, other.Import(b, out var importedBatch, out _));
            return (importedScratch, importedBatch);
        }
        var shared = before ? Share() : default;
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(batch, 0, Page, scratch, 0)));
        if (!before) shared = Share();

        Assert.Equal(Errno.Ok, other.Busy(shared.Scratch, out uint busy));
        Assert.Equal(1u, busy);
        Assert.Equal(Errno.Ok, other.Busy(shared.Batch, out busy));
        Assert.Equal(1u, busy);
        var (reader, readResult) = Start(() => other.Begin(shared.Batch, AccessFlags.Read));
        Assert.True(reader.Join(Bound), "reading an object the device only reads waited");
        Assert.Equal(Errno.Ok, readResult());
        Assert.Equal(Errno.Ok, other.End(shared.Batch, AccessFlags.Read));
        long poll = 0;
        Assert.Equal(Errno.ETIME, other.Wait(shared.Batch, ref poll)); // busy for a writer

        fx.Device.ResumeEngine();
        other.WaitIdle(shared.Batch);
        Assert.Equal(Errno.Ok, other.Busy(shared.Scratch, out busy));
        Assert.Equal(0u, busy);
    }
}
