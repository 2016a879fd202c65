using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// PREAD/PWRITE argument checks in i915_gem_pread_ioctl()/i915_gem_pwrite_ioctl()'s order: size 0 returns
/// before the handle is looked up; access_ok() (the user range wraps or leaves user space) is EFAULT before an
/// unknown handle's ENOENT; the object's range check (EINVAL) comes after the lookup.
/// </summary>
public sealed unsafe class I915TransferOrderTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private static readonly BoHandle Unknown = new(0x77);

    private static Errno Transfer(TestClient c, bool write, BoHandle h, ulong offset, ulong size, ulong dataPtr)
    {
        if (write)
        {
            var args = new PwriteArgs { Handle = h, Offset = offset, Size = size, DataPtr = dataPtr };
            return c.Alloc.Pwrite(ref args);
        }
        var read = new PreadArgs { Handle = h, Offset = offset, Size = size, DataPtr = dataPtr };
        return c.Alloc.Pread(ref read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SizeZeroReturnsBeforeTheLookup(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.Ok, Transfer(c, write, Unknown, 0, 0, 0));
        Assert.Equal(Errno.Ok, Transfer(c, write, Unknown, ulong.MaxValue, 0, 0xffff_ffff_ffff_f000));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AKernelPointerIsEfaultBeforeAnUnknownHandle(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.EFAULT, Transfer(c, write, Unknown, 0, 64, 0xffff_8000_0000_0000));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AUserRangeThatWrapsIsEfaultBeforeTheObjectsRangeCheck(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        var buffer = new byte[64];
        fixed (byte* p = buffer)
        {
            Assert.Equal(Errno.EFAULT, Transfer(c, write, h, 1, ulong.MaxValue, (ulong)p));
            Assert.Equal(Errno.EFAULT, Transfer(c, write, Unknown, 0, ulong.MaxValue, (ulong)p));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnUnmappedUserPointerIsOnlyFoundWhenCopying(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        // access_ok() passes a user address that is merely unmapped: the lookup answers first, the copy faults.
        Assert.Equal(Errno.ENOENT, Transfer(c, write, Unknown, 0, 64, 0x10));
        Assert.Equal(Errno.EINVAL, Transfer(c, write, h, Page, 64, 0x10));
        Assert.Equal(Errno.EFAULT, Transfer(c, write, h, 0, 64, 0x10));
    }
}
