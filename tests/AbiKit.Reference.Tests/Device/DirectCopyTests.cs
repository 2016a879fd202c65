using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// PREAD and PWRITE of large ranges copy directly between the object and the caller's buffer once the buffer is
/// known to be private anonymous memory with the access needed; everything else still goes through the kernel's
/// checked copy, so a bad buffer stays EFAULT (the tests below would crash the process otherwise).
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class DirectCopyTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    // Above the direct-copy threshold, and not a multiple of it.
    private static readonly int Pages = (int)(UserMemory.DirectCopyThreshold / Page) * 2 + 3;

    private static Errno Transfer(TestClient c, bool write, BoHandle h, ulong pointer, ulong size)
    {
        if (write)
        {
            var args = new PwriteArgs { Handle = h, Offset = 0, Size = size, DataPtr = pointer };
            return c.Alloc.Pwrite(ref args);
        }
        var read = new PreadArgs { Handle = h, Offset = 0, Size = size, DataPtr = pointer };
        return c.Alloc.Pread(ref read);
    }

    [Theory]
    [InlineData(false, Caching.Cached)]
    [InlineData(true, Caching.Cached)]
    [InlineData(false, Caching.WriteCombined)]
    [InlineData(true, Caching.WriteCombined)]
    public void LargeTransfersThroughPrivateOrSharedMemoryCarryTheData(bool sharedBuffers, Caching caching)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        ulong size = (ulong)Pages * Page;
        var h = c.Create(size, caching);
        using var source = UserPages.Anonymous(Pages, shared: sharedBuffers);
        using var destination = UserPages.Anonymous(Pages, shared: sharedBuffers);
        for (int i = 0; i < source.Span.Length; i++) source.Span[i] = (byte)(i * 7 + (i >> 12));

        Assert.Equal(Errno.Ok, Transfer(c, write: true, h, source.Address, size));
        Assert.Equal(Errno.Ok, Transfer(c, write: false, h, destination.Address, size));

        Assert.True(source.Span.SequenceEqual(destination.Span));
        Assert.Equal(Errno.Ok, c.Close(h));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALargeBufferWithAHoleIsEfault(bool write)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        ulong size = (ulong)Pages * Page;
        var h = c.Create(size);
        using var buffer = UserPages.Anonymous(Pages);
        buffer.Unmap(Pages - 2, 1); // near the end: a direct copy would fault there

        Assert.Equal(Errno.EFAULT, Transfer(c, write, h, buffer.Address, size));
        Assert.Equal(Errno.Ok, c.Close(h));
    }

    [Fact]
    public void ALargePreadIntoReadOnlyMemoryIsEfaultAndLeavesItUnchanged()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        ulong size = (ulong)Pages * Page;
        var h = c.Create(size);
        using var buffer = UserPages.Anonymous(Pages, UserPages.ProtRead);

        Assert.Equal(Errno.EFAULT, Transfer(c, write: false, h, buffer.Address, size));
        Assert.True(buffer.Span.IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(Errno.Ok, c.Close(h));
    }

    [Fact]
    public void ALargePwriteFromInaccessibleMemoryIsEfault()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        ulong size = (ulong)Pages * Page;
        var h = c.Create(size);
        using var buffer = UserPages.Anonymous(Pages);
        buffer.Protect(1, 1, UserPages.ProtNone);

        Assert.Equal(Errno.EFAULT, Transfer(c, write: true, h, buffer.Address, size));
        Assert.Equal(Errno.Ok, c.Close(h));
    }

    [Fact]
    public void OnlyPrivateAnonymousMemoryWithTheAccessNeededQualifies()
    {
        using var privateMemory = UserPages.Anonymous(4);
        using var sharedMemory = UserPages.Anonymous(4, shared: true);
        using var readOnly = UserPages.Anonymous(4, UserPages.ProtRead);
        Assert.True(UserRange.IsPrivateAnonymous(privateMemory.Address, 4 * Page, write: true));
        Assert.False(UserRange.IsPrivateAnonymous(sharedMemory.Address, 4 * Page, write: true));
        Assert.True(UserRange.IsPrivateAnonymous(readOnly.Address, 4 * Page, write: false));
        Assert.False(UserRange.IsPrivateAnonymous(readOnly.Address, 4 * Page, write: true));
        privateMemory.Unmap(3, 1);
        Assert.False(UserRange.IsPrivateAnonymous(privateMemory.Address, 4 * Page, write: false));
    }
}
