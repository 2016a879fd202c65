using AbiKit.Interop.Alloc;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// Every handle-taking ioctl other than CLOSE answers a handle the client does not hold with ENOENT. Each case
/// first succeeds with a handle the client holds, then fails with one it does not (never valid, closed, 0).
/// </summary>
public sealed class UnknownHandleTests
{
    public static TheoryData<string> HandleIoctls => new()
    {
        "PREAD", "PWRITE", "MMAP_OFFSET", "CPU_ACCESS_BEGIN", "CPU_ACCESS_END", "PIN", "UNPIN", "MADVISE", "BUSY",
        "WAIT", "EXPORT", "SUBMIT_DST", "SUBMIT_SRC",
    };

    /// <summary>Issues <paramref name="ioctl"/> on <paramref name="handle"/> with otherwise valid arguments.</summary>
    private static Errno Invoke(TestClient c, string ioctl, BoHandle handle, BoHandle other)
    {
        var bytes = new byte[16];
        long timeout = TestClient.IdleBoundNs;
        switch (ioctl)
        {
            case "PREAD": return c.Pread(handle, 0, bytes);
            case "PWRITE": return c.Pwrite(handle, 0, bytes);
            case "MMAP_OFFSET": return c.MmapOffset(handle, out _);
            case "CPU_ACCESS_BEGIN": return c.Begin(handle, AccessFlags.Read);
            case "CPU_ACCESS_END": return c.End(handle, AccessFlags.Read); // unpaired END is not an ABI error
            case "PIN": return c.Pin(handle);
            case "UNPIN":
                // Take a pin first so that UNPIN has something to drop (with an unknown handle this PIN
                // fails too, and UNPIN must still say ENOENT rather than "no pin").
                c.Pin(handle);
                return c.Unpin(handle);
            case "MADVISE": return c.Madvise(handle, Advice.Willneed, out _);
            case "BUSY": return c.Busy(handle, out _);
            case "WAIT": return c.Wait(handle, ref timeout);
            case "EXPORT": return c.Export(handle, out _);
            case "SUBMIT_DST": return c.Submit(TestClient.Copy(other, 0, handle, 0, 16));
            case "SUBMIT_SRC": return c.Submit(TestClient.Copy(handle, 0, other, 64, 16));
            default: throw new ArgumentOutOfRangeException(nameof(ioctl), ioctl, null);
        }
    }

    [Theory]
    [MemberData(nameof(HandleIoctls))]
    public void NeverValidHandleIsEnoent(string ioctl)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var other = c.Create();
        Assert.Equal(Errno.Ok, Invoke(c, ioctl, h, other));

        Assert.Equal(Errno.ENOENT, Invoke(c, ioctl, new BoHandle(other.Value + 100), other));
    }

    [Theory]
    [MemberData(nameof(HandleIoctls))]
    public void ClosedHandleIsEnoent(string ioctl)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var other = c.Create();
        var closed = c.Create();
        Assert.Equal(Errno.Ok, Invoke(c, ioctl, h, other));
        Assert.Equal(Errno.Ok, c.Close(closed));

        Assert.Equal(Errno.ENOENT, Invoke(c, ioctl, closed, other));
    }

    [Theory]
    [MemberData(nameof(HandleIoctls))]
    public void HandleZeroIsEnoent(string ioctl)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var other = c.Create();
        Assert.Equal(Errno.Ok, Invoke(c, ioctl, h, other));

        Assert.Equal(Errno.ENOENT, Invoke(c, ioctl, new BoHandle(0), other));
    }

    [Theory]
    [MemberData(nameof(HandleIoctls))]
    public void AnotherClientsHandleIsEnoent(string ioctl)
    {
        // Handles are per open file: the same number means nothing in a client that was not given it.
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        var other = a.Create();
        Assert.Equal(Errno.Ok, Invoke(a, ioctl, h, other));

        var bOther = b.Create(); // B's first object takes B's lowest handle, the same number as A's h
        Assert.Equal(h.Value, bOther.Value);
        Assert.Equal(Errno.ENOENT, Invoke(b, ioctl, other, bOther));
    }
}
