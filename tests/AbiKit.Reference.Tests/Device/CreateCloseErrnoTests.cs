using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// CREATE and CLOSE errors. Each test first makes the call succeed from a valid baseline, then changes one
/// thing and expects the errno the ABI documents for it.
/// </summary>
public sealed class CreateCloseErrnoTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void CreateRoundsUpToWholePagesAndReadsAsZeros()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page + 1);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));
        Assert.Equal(2 * Page, args.Size);
        Assert.NotEqual(0u, args.Handle.Value);
        Assert.All(c.Read(args.Handle, 0, (int)args.Size), b => Assert.Equal(0, b));
    }

    [Fact]
    public void CreateWithSizeZeroIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(0);
        Assert.Equal(Errno.EINVAL, c.Alloc.Create(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CreateOneByteLargerThanMaxObjectSizeIsE2big()
    {
        ulong max = 16 * Page;
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = max });
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(max);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(max + 1);
        Assert.Equal(Errno.E2BIG, c.Alloc.Create(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CreateOfASizeWhoseRoundingWouldWrapIsE2big()
    {
        // Rounding ulong.MaxValue up to pages wraps to 0: the size must be checked before rounding.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(ulong.MaxValue);
        Assert.Equal(Errno.E2BIG, c.Alloc.Create(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CreateWhoseRoundedSizeExceedsAnUnalignedMaxObjectSizeIsE2big()
    {
        // "E2BIG when the rounded size exceeds ABIKIT_PARAM_MAX_OBJECT_SIZE": with a limit that is not a whole
        // number of pages, a request at the limit rounds up past it.
        ulong max = 2 * Page + Page / 2;
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = max });
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(2 * Page);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(max);
        Assert.Equal(Errno.E2BIG, c.Alloc.Create(ref args));
    }

    [Fact]
    public void CreateWithUnknownCachingIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page, Caching.Uncached);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(Page, (Caching)3);
        Assert.Equal(Errno.EINVAL, c.Alloc.Create(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CreateWithUnknownFlagIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page);
        args.Flags = CreateFlags.CpuAccess;
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(Page);
        args.Flags = (CreateFlags)2;
        Assert.Equal(Errno.EINVAL, c.Alloc.Create(ref args));
    }

    [Fact]
    public void CreateWithNonZeroPadIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = TestClient.CreateArgsFor(Page);
        Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));

        args = TestClient.CreateArgsFor(Page);
        args.Pad = 1;
        Assert.Equal(Errno.EINVAL, c.Alloc.Create(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CloseOfAnUnknownHandleIsEinvalNotEnoent()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var a = c.Create();
        var b = c.Create();
        Assert.Equal(Errno.Ok, c.Close(a));

        Assert.Equal(Errno.EINVAL, c.Close(new BoHandle(b.Value + 100)));
        Assert.Equal(Errno.EINVAL, c.Close(new BoHandle(0)));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void CloseTwiceIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        Assert.Equal(Errno.Ok, c.Close(h));
        Assert.Equal(0, fx.Device.ObjectCount);

        Assert.Equal(Errno.EINVAL, c.Close(h));
    }

    [Fact]
    public void CloseWithNonZeroPadIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var args = new CloseArgs { Handle = h, Pad = 1 };
        Assert.Equal(Errno.EINVAL, c.Alloc.Close(ref args));
        Assert.Equal(1, fx.Device.ObjectCount);

        args.Pad = 0;
        Assert.Equal(Errno.Ok, c.Alloc.Close(ref args));
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
