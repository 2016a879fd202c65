using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/intel/gem_unref_active_buffers.c.</summary>
public sealed class GemUnrefActiveBuffersTests
{
    /// <summary>
    /// gem_unref_active_buffers: objects closed while their work is still queued behind a spinner (the paused
    /// engine) stay alive for that work and are freed when it completes. IGT loops until the ring is full; the
    /// device's queue is unbounded (a documented choice), so a fixed 4,096 here.
    /// </summary>
    [Fact]
    public void UnrefActiveBuffers()
    {
        const int Count = 4096;
        using var fx = new DeviceFixture();
        var i915 = fx.OpenAsIgt();
        var spin = i915.Create(4096);
        fx.Device.PauseEngine();
        for (int i = 0; i < Count; i++)
        {
            var handle = i915.Create(4096);
            Assert.Equal(Errno.Ok, i915.Submit(TestClient.Copy(spin, 0, handle, 0, 64)));
            Assert.Equal(Errno.Ok, i915.Close(handle));
        }
        Assert.Equal(Count + 1, fx.Device.ObjectCount); // each held by its queued work
        fx.Device.ResumeEngine();
        i915.WaitIdle(spin); // the engine runs in order: the last reader of spin was the last command
        Assert.Equal(1, fx.Device.ObjectCount);
    }
}
