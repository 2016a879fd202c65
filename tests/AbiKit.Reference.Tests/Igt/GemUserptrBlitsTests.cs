using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_userptr_blits.c, the subtests not already in <see cref="UserptrIgtTests"/>. IGT's copy()
/// (a blit of the whole object) is SUBMIT: a COPY out of the object for reading its pages, a FILL for writing
/// them. The "sync" group is the one a current i915 runs (it refuses UNSYNCHRONIZED, so the "-unsync" group
/// skips there); where an -unsync subtest's checks still apply to ordinary objects they are ported too.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class GemUserptrBlitsTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private const int LinearPages = 16; // IGT's sizeof(linear) is 16 pages here (WIDTH*HEIGHT*4 = 64 KiB of 4 KiB pages)

    /// <summary>IGT's copy(fd, handle, handle): the engine reads and writes the object's pages; the first errno.</summary>
    /// <summary>For each range: USERPTR of it (no PROBE), its first use answers <paramref name="expected"/>, CLOSE.</summary>
    private static void EachUseIs(TestClient fd, Errno expected, params (ulong At, ulong Size)[] ranges)
    {
        foreach (var (at, size) in ranges)
        {
            var handle = fd.WrapUser(at, size);
            Assert.Equal(expected, Use(fd, handle, size));
            Assert.Equal(Errno.Ok, fd.Close(handle));
        }
    }

    private static Errno Use(TestClient c, BoHandle handle, ulong size)
    {
        var scratch = c.Create(size);
        var result = c.Submit(TestClient.Copy(handle, 0, scratch, 0, size));
        if (result == Errno.Ok) result = c.Submit(TestClient.Fill(handle, 0, size, 0x3c));
        if (result == Errno.Ok) c.WaitIdle(handle);
        Assert.Equal(Errno.Ok, c.Close(scratch));
        return result;
    }

    /// <summary>gem_userptr_blits@input-checking: invalid flags, too big, both, and zero size all fail.</summary>
    [Fact]
    public void InputChecking()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.NotEqual(Errno.Ok, fd.Userptr(0, 0, (UserptrFlags)~0u, out _));
        Assert.NotEqual(Errno.Ok, fd.Userptr(0, ~0UL, 0, out _));
        Assert.NotEqual(Errno.Ok, fd.Userptr(0, ~0UL, (UserptrFlags)~0u, out _));
        Assert.NotEqual(Errno.Ok, fd.Userptr(0, 0, 0, out _));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>gem_userptr_blits@usage-restrictions: an unaligned address, an unaligned size, or both, fail.</summary>
    [Fact]
    public void UsageRestrictions()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(2);
        Assert.NotEqual(Errno.Ok, fd.Userptr(mem.Address + 1, Page, 0, out _));
        Assert.NotEqual(Errno.Ok, fd.Userptr(mem.Address, Page - 1, 0, out _));
        Assert.NotEqual(Errno.Ok, fd.Userptr(mem.Address + 1, Page - 1, 0, out _));
    }

    /// <summary>gem_userptr_blits@invalid-null-pointer: USERPTR of page 0 is accepted, and using it fails (EFAULT).</summary>
    [Fact]
    public void InvalidNullPointer()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.WrapUser(0, Page);
        Assert.Equal(Errno.EFAULT, Use(fd, handle, Page));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>gem_userptr_blits@forbidden-operations: PREAD and PWRITE of a USERPTR object are EINVAL when refused (here they always are).</summary>
    [Fact]
    public void ForbiddenOperations()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(1);
        var handle = fd.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.EINVAL, fd.Pread(handle, 0, mem.Span));
        Assert.Equal(Errno.EINVAL, fd.Pwrite(handle, 0, mem.Span));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>
    /// gem_userptr_blits@sd-probe: set_domain (CPU_ACCESS_BEGIN, reading and writing domains) probes the memory:
    /// 0 while the page is mapped, EFAULT for the same address once it is unmapped.
    /// </summary>
    [Theory]
    [InlineData(AccessFlags.Read)]
    [InlineData(AccessFlags.Write)]
    public void SdProbe(AccessFlags domain)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(1);
        var handle = fd.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.Ok, fd.Begin(handle, domain));
        Assert.Equal(Errno.Ok, fd.End(handle, domain));
        Assert.Equal(Errno.Ok, fd.Close(handle));
        mem.Unmap(0, 1);
        handle = fd.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.EFAULT, fd.Begin(handle, domain));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>gem_userptr_blits@mmap-offset-banned: MMAP_OFFSET of a USERPTR object is ENODEV.</summary>
    [Fact]
    public void MmapOffsetBanned()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(1);
        var handle = fd.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.ENODEV, fd.MmapOffset(handle, out _));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>
    /// gem_userptr_blits@invalid-mmap-offset-unsync, for ordinary objects: anonymous memory (all of it, its first
    /// page, its last page) is usable; a range over another object's mapping is EFAULT at first use, whole or
    /// any page of it. (IGT's "boundaries" cases place the mapping inside the anonymous range with MAP_FIXED,
    /// which a runtime mapping cannot be asked to do.)
    /// </summary>
    [Fact]
    public void InvalidMmapOffset()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        ulong linear = LinearPages * Page;
        using var map = UserPages.Anonymous(LinearPages + 2);
        EachUseIs(fd, Errno.Ok, (map.Address, linear + 2 * Page), (map.Address, Page), (map.Address + linear + Page, Page));

        var bo = fd.Create(linear);
        using var mapping = fd.Map(bo, linear);
        Assert.Equal(Errno.Ok, fd.Close(bo)); // gem_close(): the mapping keeps the object
        unsafe
        {
            ulong ptr = (ulong)((MappedObject)mapping).Address;
            EachUseIs(fd, Errno.EFAULT, (ptr, linear), (ptr, Page), (ptr + linear - Page, Page));
        }
    }

    /// <summary>
    /// gem_userptr_blits@readonly-pwrite-unsync: PWRITE cannot get around a read-only USERPTR object: each page is
    /// EINVAL and the memory is unchanged.
    /// </summary>
    [Fact]
    public void ReadonlyPwrite()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var pages = UserPages.Anonymous(16);
        pages.Span.Fill(0xa5);
        var handle = fd.WrapUser(pages.Address, 16 * Page, UserptrFlags.ReadOnly);
        for (int page = 0; page < 16; page++)
        {
            var data = Enumerable.Repeat((byte)page, (int)Page).ToArray();
            Assert.Equal(Errno.EINVAL, fd.Pwrite(handle, (ulong)page * Page, data));
        }
        Assert.Equal(Errno.Ok, fd.Close(handle));
        Assert.True(pages.Span.IndexOfAnyExcept((byte)0xa5) < 0);
    }

    /// <summary>gem_userptr_blits@create-destroy-sync (and -unsync): create and destroy many times; the pin charge returns to zero.</summary>
    [Fact]
    public void CreateDestroy()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(1);
        for (int n = 0; n < 1000; n++) Assert.Equal(Errno.Ok, fd.Close(fd.WrapUser(mem.Address, Page)));
        Assert.Equal(0UL, fd.PinnedBytes());
        Assert.Equal(0UL, fx.Device.LockedUserBytes);
    }

    /// <summary>
    /// gem_userptr_blits@sync-overlap (and unsync-overlap): ranges before, after, exactly over, overlapping the
    /// start or end of, and subsuming an existing object are accepted (IGT allows 0 or EINVAL; i915 gives 0).
    /// </summary>
    [Fact]
    public void Overlap()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(3);
        ulong ptr = mem.Address;
        var handle = fd.WrapUser(ptr + Page, Page);
        foreach (var (at, size) in new[] { (ptr, Page), (ptr + 2 * Page, Page), (ptr + Page, Page), (ptr, 2 * Page), (ptr + Page, 2 * Page), (ptr, 3 * Page) })
            Assert.Equal(Errno.Ok, fd.Close(fd.WrapUser(at, size)));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>
    /// gem_userptr_blits@sync-unmap and @sync-unmap-cycles: three objects over one mapping are usable, and after
    /// munmap each use is EFAULT (cycled: IGT for 5 s, here 20 rounds).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public void SyncUnmap(int cycles)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        ulong linear = LinearPages * Page;
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            using var mem = UserPages.Anonymous(3 * LinearPages);
            var bos = Enumerable.Range(0, 3).Select(i => fd.WrapUser(mem.Address + (ulong)i * linear, linear)).ToList();
            var target = fd.Create(linear);
            foreach (var bo in bos) Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(bo, 0, target, 0, linear)));
            fd.WaitIdle(target);
            mem.Unmap(0, 3 * LinearPages);
            foreach (var bo in bos) Assert.Equal(Errno.EFAULT, fd.Submit(TestClient.Copy(bo, 0, target, 0, linear)));
            foreach (var bo in bos.Append(target)) Assert.Equal(Errno.Ok, fd.Close(bo));
        }
        Assert.Equal(0UL, fd.PinnedBytes());
    }

    /// <summary>gem_userptr_blits@sync-unmap-after-close: used, closed, then unmapped: nothing is left pinned or locked.</summary>
    [Fact]
    public void SyncUnmapAfterClose()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        ulong linear = LinearPages * Page;
        var mem = UserPages.Anonymous(3 * LinearPages);
        var bos = Enumerable.Range(0, 3).Select(i => fd.WrapUser(mem.Address + (ulong)i * linear, linear)).ToList();
        var target = fd.Create(linear);
        foreach (var bo in bos) Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(bo, 0, target, 0, linear)));
        fd.WaitIdle(target);
        foreach (var bo in bos.Append(target)) Assert.Equal(Errno.Ok, fd.Close(bo));
        Assert.DoesNotContain("lo", UserPages.VmFlagsAt(mem.Address));
        mem.Dispose();
        Assert.Equal(0UL, fx.Device.LockedUserBytes);
    }

    /// <summary>
    /// gem_userptr_blits@process-exit and @process-exit-busy: a client that created a USERPTR object (and, busy,
    /// queued work on it) goes away without closing it; everything it held is released once the work is done.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProcessExit(bool busy)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(LinearPages);
        var child = fx.OpenAsIgt();
        var handle = child.WrapUser(mem.Address, LinearPages * Page);
        if (busy)
        {
            fx.Device.PauseEngine();
            Assert.Equal(Errno.Ok, child.Submit(TestClient.Fill(handle, 0, LinearPages * Page, 0x42)));
        }
        child.Dispose();
        fx.Device.ResumeEngine();
        // The engine runs commands in order: once a later one completed, the child's has, and its reference went.
        var probe = fd.Create(Page);
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(probe, 0, Page, 1)));
        fd.WaitIdle(probe);
        Assert.Equal(1, fx.Device.ObjectCount);
        Assert.Equal(0UL, fx.Device.LockedUserBytes);
        if (busy) Assert.True(mem.Span.IndexOfAnyExcept((byte)0x42) < 0); // the queued work ran on memory that stayed the device's
    }

    /// <summary>
    /// gem_userptr_blits@dmabuf-sync: i915 refuses to export a USERPTR object ("Exporting userptr no longer
    /// allowed", EINVAL; IGT then skips) — EXPORT here answers the same.
    /// </summary>
    [Fact]
    public void DmabufSync()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(1);
        var handle = fd.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.EINVAL, fd.Export(handle, out _));
        Assert.Equal(Errno.Ok, fd.Close(handle));
    }

    /// <summary>
    /// gem_userptr_blits@coherency-sync (and -unsync): copies between USERPTR and ordinary objects in every
    /// direction keep the data; what the engine wrote into user memory the CPU reads at the pointer.
    /// </summary>
    [Fact]
    public void Coherency()
    {
        const int Count = 8;
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        ulong linear = LinearPages * Page;
        using var mem = UserPages.Anonymous(Count * LinearPages);
        var user = Enumerable.Range(0, Count).Select(i => fd.WrapUser(mem.Address + (ulong)i * linear, linear)).ToList();
        var gpu = Enumerable.Range(0, Count).Select(_ => fd.Create(linear)).ToList();
        for (int i = 0; i < Count; i++)
        {
            mem.Span.Slice(i * (int)linear, (int)linear).Fill((byte)(0x10 + i));
            fd.Write(gpu[i], 0, Enumerable.Repeat((byte)(0x80 + i), (int)linear).ToArray());
        }
        for (int i = 0; i < Count; i++) Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(user[i], 0, gpu[(i + 1) % Count], 0, linear)));
        for (int i = 0; i < Count; i++) fd.WaitIdle(gpu[i]);
        for (int i = 0; i < Count; i++) Assert.All(fd.Read(gpu[(i + 1) % Count], 0, (int)linear), b => Assert.Equal(0x10 + i, b));
        for (int i = 0; i < Count; i++) Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(gpu[i], 0, user[(i + 3) % Count], 0, linear)));
        for (int i = 0; i < Count; i++) fd.WaitIdle(user[i]);
        for (int i = 0; i < Count; i++)
        {
            byte expected = (byte)(0x10 + ((i + Count - 1) % Count));
            Assert.True(mem.Span.Slice((i + 3) % Count * (int)linear, (int)linear).IndexOfAnyExcept(expected) < 0);
        }
        foreach (var h in user.Concat(gpu)) Assert.Equal(Errno.Ok, fd.Close(h));
    }

    /// <summary>
    /// gem_userptr_blits@probe: of five pages, any of the middle three unmapped makes USERPTR with PROBE on them
    /// EFAULT, else it succeeds (all 32 map/unmap patterns; IGT's third mode, a GTT mapping placed with
    /// MAP_FIXED, is covered by <see cref="InvalidMmapOffset"/> and the USERPTR errno tests).
    /// </summary>
    [Fact]
    public void Probe()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        for (int pass = 0; pass < 32; pass++)
        {
            using var mem = UserPages.Anonymous(5, shared: true);
            var expected = Errno.Ok;
            for (int page = 0; page < 5; page++)
            {
                if ((pass >> page & 1) == 0) continue;
                mem.Unmap(page, 1);
                if (page is >= 1 and <= 3) expected = Errno.EFAULT;
            }
            var result = fd.Userptr(mem.PageAt(1), 3 * Page, UserptrFlags.Probe, out var handle);
            Assert.Equal(expected, result);
            if (result == Errno.Ok) Assert.Equal(Errno.Ok, fd.Close(handle));
        }
    }

    /// <summary>
    /// gem_userptr_blits@stress-mm-invalidate-close and -overlap: USERPTR objects (with <paramref name="overlap"/>,
    /// two at a time over overlapping ranges) created and closed on one thread while another maps and unmaps
    /// memory next to them; every object is usable and nothing stays pinned.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StressMmInvalidateClose(bool overlap)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        using var mem = UserPages.Anonymous(LinearPages);
        int done = 0;
        var mm = IgtCalls.Background(() =>
        {
            while (Volatile.Read(ref done) == 0) UserPages.Anonymous(4).Dispose();
        });
        try
        {
            for (int i = 0; i < 500; i++)
            {
                var handle = fd.WrapUser(mem.Address, LinearPages * Page);
                var second = overlap ? fd.WrapUser(mem.Address + Page, (LinearPages - 1) * Page) : default;
                if (i % 10 == 0) Assert.Equal(Errno.Ok, Use(fd, handle, LinearPages * Page));
                Assert.Equal(Errno.Ok, fd.Close(handle));
                if (overlap) Assert.Equal(Errno.Ok, fd.Close(second));
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            mm();
        }
        Assert.Equal(0UL, fd.PinnedBytes());
        Assert.Equal(0UL, fx.Device.LockedUserBytes);
    }
}
