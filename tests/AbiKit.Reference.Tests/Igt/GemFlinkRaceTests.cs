using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_flink_race.c. IGT runs each race for a time; here a fixed number of rounds (no clock),
/// with IGT's assertions: only the expected errnos, the name found is the name given, and nothing leaks.
/// </summary>
public sealed class GemFlinkRaceTests
{
    private const int Rounds = 3_000;

    /// <summary>
    /// gem_flink_race@flink_name: threads GEM_OPEN name 1 while the main thread creates, flinks and closes; an
    /// open either fails with ENOENT or gives a handle whose flink is name 1 again.
    /// </summary>
    [Fact]
    public void FlinkName()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        int done = 0;
        var openers = Enumerable.Range(0, 2).Select(thread => IgtCalls.Background(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                var result = fd.GemOpen(1, out var handle, out _);
                if (result == Errno.ENOENT) continue;
                Assert.Equal(Errno.Ok, result);
                Assert.Equal(Errno.Ok, fd.GemFlink(handle, out uint name));
                Assert.Equal(1u, name);
                Assert.Equal(Errno.Ok, fd.GemClose(handle.Value));
            }
        })).ToList();
        try
        {
            for (int i = 0; i < Rounds; i++)
            {
                var handle = fd.Create(4096);
                fd.Flink(handle);
                Assert.Equal(Errno.Ok, fd.Close(handle));
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            foreach (var join in openers) join();
        }
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_flink_race@flink_close: threads race GEM_FLINK against GEM_CLOSE on handle 1; afterwards no object is
    /// left (a name must not keep an object whose last handle went).
    /// </summary>
    [Fact]
    public void FlinkClose()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        IgtCalls.RunThreads(2, thread =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                var create = TestClient.CreateArgsFor(4096);
                Assert.Equal(Errno.Ok, fd.Alloc.Create(ref create));
                if (create.Handle.Value != 1) Assert.Equal(Errno.Ok, fd.Close(create.Handle));
                var flink = fd.GemFlink(new BoHandle(1), out _);
                Assert.True(flink is Errno.Ok or Errno.ENOENT, $"GEM_FLINK: {flink}");
                var close = fd.GemClose(1);
                Assert.True(close is Errno.Ok or Errno.EINVAL, $"GEM_CLOSE: {close}");
            }
        });
        Assert.Equal(0, fx.Device.ObjectCount);
        Assert.Equal(Errno.ENOENT, fd.GemOpen(1, out _, out _));
    }
}
