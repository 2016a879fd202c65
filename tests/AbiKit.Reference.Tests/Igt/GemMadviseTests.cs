using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_madvise.c: "the kernel reports EFAULT when trying to use purged bo". As i915, an object
/// marked DONTNEED before it has pages is truncated by the advice itself, and every later use is EFAULT. Only
/// the SIGBUS of a touched mapping is a documented choice (docs/runtime.md): it would kill the test host.
/// </summary>
public sealed class GemMadviseTests
{
    private const int ObjectSize = 4096;
    private static readonly byte[] Bbe = BitConverter.GetBytes(0x0A000000u); // MI_BATCH_BUFFER_END

    /// <summary>
    /// gem_madvise@dontneed-before-mmap: IGT takes a failed mmap as a pass ("if (!ptr) continue"), else
    /// expects SIGBUS on the touch. Here the mapping of the purged object is refused with EFAULT.
    /// </summary>
    [Fact]
    public void DontneedBeforeMmap()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, fd.MmapOffset(handle, out ulong offset));
        Assert.Equal(Errno.EFAULT, fd.Channel.Map(offset, ObjectSize, out var ptr));
        Assert.Null(ptr);
        fd.Dispose();
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_madvise@dontneed-after-mmap — a documented choice: i915 raises SIGBUS on the touch after the file
    /// closed (the GTT mapping had no pages, so DONTNEED truncated it). Here a mapping gives the object its
    /// pages, so DONTNEED keeps it until memory pressure, and the mapping keeps the object past the file's close.
    /// (A SIGBUS would kill the test host: what is pinned is the absence of one.)
    /// </summary>
    [Fact]
    public void DontneedAfterMmap_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        using var map = fd.Map(handle, ObjectSize);
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);
        fd.Dispose(); // drm_close_driver(): only the mapping holds the object now
        Assert.Equal(1, fx.Device.ObjectCount);
        map.Span(0, 1)[0] = 0;
        Assert.Equal(0, map.Span(0, 1)[0]);
    }

    /// <summary>gem_madvise@dontneed-before-pwrite: PWRITE to the object DONTNEED truncated is EFAULT.</summary>
    [Fact]
    public void DontneedBeforePwrite()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        Assert.Equal(Errno.EFAULT, fd.Pwrite(handle, 0, Bbe));
    }

    /// <summary>
    /// gem_madvise@dontneed-before-exec: written (PWRITE fills the page cache, as i915's shmem_pwrite, and gets
    /// no pages), then DONTNEED truncates it, and execbuf (SUBMIT, the object as the engine's target) is EFAULT.
    /// </summary>
    [Fact]
    public void DontneedBeforeExec()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        fd.Write(handle, 0, Bbe);
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        Assert.Equal(Errno.EFAULT, fd.Submit(TestClient.Fill(handle, 0, 8, 0)));
    }
}
