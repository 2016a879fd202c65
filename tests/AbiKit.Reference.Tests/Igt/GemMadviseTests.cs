using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_madvise.c. i915 truncates an object marked DONTNEED at once when it has no pages yet,
/// which every subtest relies on (each creates, marks, then touches). The reference device allocates an
/// object's memory at creation and purges DONTNEED objects only under its memory budget, and a purged object
/// stays usable (reading zeros): documented choices (docs/runtime.md), pinned here with IGT's sequence.
/// </summary>
public sealed class GemMadviseTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private const int ObjectSize = 4096;

    /// <summary>
    /// gem_madvise@dontneed-before-pwrite — a documented choice: i915 answers EFAULT (the object was purged by
    /// the advice itself); here DONTNEED alone purges nothing and PWRITE works. MADVISE's retained is the
    /// contract in both: still 1 here, so the data written is there.
    /// </summary>
    [Fact]
    public void DontneedBeforePwrite_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Errno.Ok, fd.Pwrite(handle, 0, BitConverter.GetBytes(0x0A000000u)));
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
        Assert.Equal(BitConverter.GetBytes(0x0A000000u), fd.Read(handle, 0, 4));
    }

    /// <summary>
    /// gem_madvise@dontneed-before-pwrite once the object really is purged (over the memory budget): i915's
    /// EFAULT; here PWRITE succeeds and the object reads zeros elsewhere — the documented choice of
    /// <see cref="DocumentedChoicesTests.APurgedObjectStaysUsableWhereI915WouldFault"/>.
    /// </summary>
    [Fact]
    public void PwriteToAPurgedObject_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 2 * Page });
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Page);
        fd.Write(handle, 64, new byte[] { 1, 2, 3 });
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        fd.Create(2 * Page); // memory pressure: the DONTNEED object goes
        Assert.Equal(Errno.Ok, fd.Pwrite(handle, 0, new byte[] { 9 }));
        Assert.Equal(new byte[3], fd.Read(handle, 64, 3));
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
    }

    /// <summary>
    /// gem_madvise@dontneed-before-exec — a documented choice: i915's execbuf is EFAULT on the purged object;
    /// here SUBMIT on a DONTNEED object works (it is not purged while busy, and the engine's writes land).
    /// </summary>
    [Fact]
    public void DontneedBeforeExec_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        fd.Write(handle, 0, new byte[] { 0x0A, 0, 0, 0 });
        Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(handle, 0, 8, 0x77)));
        fd.WaitIdle(handle);
        Assert.All(fd.Read(handle, 0, 8), b => Assert.Equal(0x77, b));
    }

    /// <summary>
    /// gem_madvise@dontneed-before-mmap and @dontneed-after-mmap — documented choices: i915 raises SIGBUS on
    /// the first touch of the purged object's mapping (after the file closed); here the mapping keeps the
    /// object and the touch works. (A SIGBUS would kill the test host: what is pinned is the absence of one
    /// and the object still alive through its mapping.)
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DontneedAroundMmap_IsADocumentedChoice(bool adviseBeforeMapping)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        if (adviseBeforeMapping) Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        using var map = fd.Map(handle, ObjectSize);
        if (!adviseBeforeMapping) Assert.Equal(Errno.Ok, fd.Madvise(handle, Advice.Dontneed, out _));
        fd.Dispose(); // drm_close_driver(): only the mapping holds the object now
        Assert.Equal(1, fx.Device.ObjectCount);
        map.Span(0, 1)[0] = 0;
        Assert.Equal(0, map.Span(0, 1)[0]);
    }
}
