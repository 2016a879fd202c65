using AbiKit.Interop.Alloc;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// PREAD and PWRITE: range checks that never compute offset + size, size 0, and bad user pointers, which the
/// device copies with process_vm_readv/writev so that they are EFAULT rather than a crash.
/// </summary>
public sealed unsafe partial class TransferErrnoTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    public static TheoryData<bool, ulong, ulong> OutOfRange => new()
    {
        // write?, offset, size
        { false, Page, 1 },                   // offset == size
        { true, Page, 1 },
        { false, Page + 1, 1 },               // offset > size
        { true, Page + 1, 1 },
        { false, Page - 100, 101 },           // size > size - offset
        { true, Page - 100, 101 },
        { false, 0, Page + 1 },
        { true, 0, Page + 1 },
        { false, ulong.MaxValue, 2 },         // offset + size wraps to 1: must not pass as "in range"
        { true, ulong.MaxValue, 2 },
        // offset 1, size 2^64 - 1 wraps too, but the user range wraps first: EFAULT, as i915 (I915TransferOrderTests).
    };

    private static Errno Transfer(TestClient c, bool write, BoHandle h, ulong offset, ulong size, ulong dataPtr)
    {
        if (write)
        {
            var args = new PwriteArgs { Handle = h, Offset = offset, Size = size, DataPtr = dataPtr };
            return c.Alloc.Pwrite(ref args);
        }
        else
        {
            var args = new PreadArgs { Handle = h, Offset = offset, Size = size, DataPtr = dataPtr };
            return c.Alloc.Pread(ref args);
        }
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void RangeOutsideTheObjectIsEinval(bool write, ulong offset, ulong size)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        // A buffer as large as the object: the device must reject the range before touching it.
        var buffer = new byte[Page];
        fixed (byte* p = buffer)
        {
            Assert.Equal(Errno.Ok, Transfer(c, write, h, Page - 100, 100, (ulong)p));
            Assert.Equal(Errno.EINVAL, Transfer(c, write, h, offset, size, (ulong)p));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LastByteIsInRange(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        byte b = 0x5c;
        Assert.Equal(Errno.Ok, Transfer(c, write, h, Page - 1, 1, (ulong)&b));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SizeZeroSucceedsWithoutTouchingMemory(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        Assert.Equal(Errno.Ok, Transfer(c, write, h, 0, 0, 0));
        Assert.Equal(Errno.Ok, Transfer(c, write, h, 0, 0, 0x10));
    }

    [Theory]
    [InlineData(false, 0UL)]
    [InlineData(true, 0UL)]
    [InlineData(false, 0x10UL)]     // in the never-mapped first page
    [InlineData(true, 0x10UL)]
    [InlineData(false, 0xffff_ffff_ffff_f000UL)] // kernel half / non-canonical
    [InlineData(true, 0xffff_ffff_ffff_f000UL)]
    public void BadUserPointerIsEfault(bool write, ulong dataPtr)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        var buffer = new byte[64];
        fixed (byte* p = buffer)
            Assert.Equal(Errno.Ok, Transfer(c, write, h, 0, 64, (ulong)p));

        Assert.Equal(Errno.EFAULT, Transfer(c, write, h, 0, 64, dataPtr));
        // The device is still fine afterwards.
        Assert.Equal(new byte[64], c.Read(h, 0, 64));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UserRangeRunningIntoAnUnmappedPageIsEfault(bool write)
    {
        // Two pages mapped, the second unmapped again: the range starts in good memory and ends in a hole. The
        // pages come from UserPages' own address-space slot, so no mmap of a test running in parallel (or of the
        // runtime) can land in the hole and turn the EFAULT into a successful copy.
        using var region = Userptr.UserPages.Anonymous(2);
        region.Unmap(1, 1);
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(2 * Page);
        Assert.Equal(Errno.Ok, Transfer(c, write, h, 0, Page, region.Address));

        Assert.Equal(Errno.EFAULT, Transfer(c, write, h, 0, Page + 1, region.Address));
    }

    [Fact]
    public void PreadIntoReadOnlyMemoryIsEfault()
    {
        byte* region = (byte*)LibC.Mmap(null, (nuint)Page, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        Assert.True(region != (byte*)-1);
        try
        {
            using var fx = new DeviceFixture();
            var c = fx.Open();
            var h = c.Create(Page);
            Assert.Equal(Errno.Ok, Transfer(c, write: false, h, 0, 64, (ulong)region));
            Assert.Equal(0, LibC.Mprotect(region, (nuint)Page, ProtRead));
            // PWRITE only reads the buffer, so read-only memory is fine for it...
            Assert.Equal(Errno.Ok, Transfer(c, write: true, h, 0, 64, (ulong)region));

            // ...but PREAD must write it.
            Assert.Equal(Errno.EFAULT, Transfer(c, write: false, h, 0, 64, (ulong)region));
        }
        finally
        {
            LibC.Munmap(region, (nuint)Page);
        }
    }

    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NonZeroPadIsEinval(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page);
        var buffer = new byte[16];
        fixed (byte* p = buffer)
        {
            Assert.Equal(Errno.Ok, Transfer(c, write, h, 0, 16, (ulong)p));
            Errno result;
            if (write)
            {
                var args = new PwriteArgs { Handle = h, Pad = 1, Size = 16, DataPtr = (ulong)p };
                result = c.Alloc.Pwrite(ref args);
            }
            else
            {
                var args = new PreadArgs { Handle = h, Pad = 1, Size = 16, DataPtr = (ulong)p };
                result = c.Alloc.Pread(ref args);
            }
            Assert.Equal(Errno.EINVAL, result);
        }
    }

    [Fact]
    public void PwriteThenPreadRoundTrips()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(2 * Page);
        var data = Enumerable.Range(0, 300).Select(i => (byte)(i * 7 + 1)).ToArray();
        c.Write(h, Page - 150, data); // across the page boundary
        Assert.Equal(data, c.Read(h, Page - 150, data.Length));
        Assert.Equal(new byte[16], c.Read(h, 0, 16));
    }
}
