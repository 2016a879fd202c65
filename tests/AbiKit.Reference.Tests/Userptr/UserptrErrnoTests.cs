using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// USERPTR's errors in i915_gem_userptr_ioctl()'s order (kernel-ioctl-abi.md §3.2): unknown flags EINVAL,
/// E2BIG, zero/unaligned/wrapping EINVAL, a kernel address EFAULT (access_ok), with PROBE anything but ordinary
/// memory EFAULT, then the pin limit's ENOMEM. Without PROBE memory that is missing is EFAULT at first use, as
/// i915's get_pages finds it. Each test first makes the same call succeed from a valid baseline, then changes one thing.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrErrnoTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>Succeeds with <paramref name="args"/> and closes the object again: the baseline.</summary>
    private static void Baseline(TestClient c, UserptrArgs args)
    {
        var result = c.Alloc.Userptr(ref args);
        Assert.Equal(Errno.Ok, result);
        Assert.Equal(Errno.Ok, c.Close(args.Handle));
    }

    [Fact]
    public void HasUserptrIsOne()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.Ok, c.GetParam(Param.HasUserptr, out ulong has));
        Assert.Equal(1UL, has);
    }

    [Theory]
    [InlineData(0x4u)]
    [InlineData(0x8000u)]
    [InlineData(0x80000000u)] // i915's I915_USERPTR_UNSYNCHRONIZED: not part of this ABI
    public void UnknownFlagsAreEinval(uint flag)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page, UserptrFlags.ReadOnly | UserptrFlags.Probe));

        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address, Page, UserptrFlags.Probe | (UserptrFlags)flag)));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    [Fact]
    public void UnknownFlagsComeBeforeE2big()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Assert.Equal(Errno.E2BIG, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 2 * Page)));

        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 2 * Page, (UserptrFlags)0x4)));
    }

    [Fact]
    public void OverMaxObjectSizeIsE2big()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(4);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page));

        // Mapped, aligned, under the pin limit: only the size is wrong.
        Assert.Equal(Errno.E2BIG, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 3 * Page)));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void E2bigComesBeforeAlignmentAndMappingChecks()
    {
        // i915 checks i915_gem_object_size_2big() before !user_size and offset_in_page(ptr | size).
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page));

        Assert.Equal(Errno.E2BIG, c.Userptr(UserptrCalls.ArgsFor(mem.Address + 1, 2 * Page + 1)));
        Assert.Equal(Errno.E2BIG, c.Userptr(UserptrCalls.ArgsFor(0, ulong.MaxValue)));
    }

    [Fact]
    public void ZeroSizeIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 0)));
        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 0, UserptrFlags.Probe)));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(8UL)]
    [InlineData(2048UL)]
    public void UnalignedPointerIsEinval(ulong misalignment)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address + misalignment, Page)));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(100UL)]
    [InlineData(4095UL)]
    public void UnalignedSizeIsEinval(ulong extra)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(mem.Address, Page + extra % Page)));
    }

    [Fact]
    public void AlignmentComesBeforeTheMappingCheck()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        // Address 1 is neither aligned nor mapped: the alignment error wins (offset_in_page before access_ok).
        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(1, Page)));
        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(0, Page, UserptrFlags.Probe)));
        c.EfaultAtFirstUse(UserptrCalls.ArgsFor(0, Page));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    public void WrappingRangeIsEinval(int pagesFromTheTop)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page));

        // Aligned and within the size limit, but user_ptr + user_size wraps past 2^64: EINVAL, not EFAULT.
        ulong top = 0UL - (ulong)pagesFromTheTop * Page;
        Assert.Equal(Errno.EINVAL, c.Userptr(UserptrCalls.ArgsFor(top, (ulong)(pagesFromTheTop + 1) * Page)));
    }

    public enum Hole
    {
        Middle,
        Head,
        Tail,
    }

    [Theory]
    [InlineData(Hole.Middle)]
    [InlineData(Hole.Head)]
    [InlineData(Hole.Tail)]
    public void RangeWithUnmappedPagesIsEfault(Hole where)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 3 * Page));

        mem.Unmap(where switch { Hole.Head => 0, Hole.Middle => 1, _ => 2 }, 1);
        c.EfaultAtFirstUse(UserptrCalls.ArgsFor(mem.Address, 3 * Page));
        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 3 * Page, UserptrFlags.Probe)));
        Assert.Equal(0, fx.Device.ObjectCount);
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void KernelAddressIsEfault()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(0xffff_8000_0000_0000, Page)));
    }

    [Fact]
    public void ReadOnlyMemoryNeedsTheReadOnlyFlag()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        mem.Protect(1, 1, UserPages.ProtRead);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page, UserptrFlags.ReadOnly));
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page, UserptrFlags.ReadOnly | UserptrFlags.Probe));

        // The device would have to write a page it may only read.
        c.EfaultAtFirstUse(UserptrCalls.ArgsFor(mem.Address, 2 * Page));
        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 2 * Page, UserptrFlags.Probe)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData((uint)UserptrFlags.Probe)]
    [InlineData((uint)UserptrFlags.ReadOnly)]
    [InlineData((uint)(UserptrFlags.ReadOnly | UserptrFlags.Probe))]
    public void ProtNoneMemoryIsEfault(uint flags)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page, (UserptrFlags)flags));

        mem.Protect(1, 1, UserPages.ProtNone);
        if ((flags & (uint)UserptrFlags.Probe) != 0) Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 2 * Page, (UserptrFlags)flags)));
        else c.EfaultAtFirstUse(UserptrCalls.ArgsFor(mem.Address, 2 * Page, (UserptrFlags)flags));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProtNoneFollowedByAHoleIsEfaultNotEnomem(bool probe)
    {
        // The hole must be found even after an inaccessible page: it is an address-space error, not a pin failure.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var flags = probe ? UserptrFlags.Probe : 0;
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 3 * Page, flags));

        mem.Protect(1, 1, UserPages.ProtNone);
        mem.Unmap(2, 1);
        if (probe) Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 3 * Page, flags)));
        else c.EfaultAtFirstUse(UserptrCalls.ArgsFor(mem.Address, 3 * Page, flags));
    }

    public enum SharedKind
    {
        SharedAnonymous,  // shown in /proc/self/maps as "/dev/zero (deleted)": the kernel backs it with shmem
        SharedDevZero,    // the same thing, asked for through /dev/zero
        PrivateDevZero,   // anonymous memory, though the maps line names /dev/zero
        PosixShm,         // shm_open memory: a tmpfs file under /dev/shm
    }

    [Theory]
    [InlineData(SharedKind.SharedAnonymous)]
    [InlineData(SharedKind.SharedDevZero)]
    [InlineData(SharedKind.PrivateDevZero)]
    [InlineData(SharedKind.PosixShm)]
    public void ProbeAcceptsOrdinaryMemoryWhoseMappingIsNamedUnderDev(SharedKind kind)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        string? shmFile = null;
        if (kind == SharedKind.PosixShm)
        {
            shmFile = $"/dev/shm/abikit-userptr-{Guid.NewGuid():N}";
            using (var f = new FileStream(shmFile, FileMode.CreateNew)) f.SetLength((long)(2 * Page));
        }
        try
        {
            using var mem = kind switch
            {
                SharedKind.SharedAnonymous => UserPages.Anonymous(2, shared: true),
                SharedKind.SharedDevZero => UserPages.OfFile("/dev/zero", 2, shared: true),
                SharedKind.PrivateDevZero => UserPages.OfFile("/dev/zero", 2, shared: false),
                _ => UserPages.OfFile(shmFile!, 2, shared: true),
            };
            Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page));

            // PROBE (which the typed client uses by default) must not take these for device memory.
            var h = c.WrapUser(mem.Address, 2 * Page, UserptrFlags.Probe);
            mem.Span.Fill(0x4D);
            Assert.Equal(DeviceEngine.Fnv1a(mem.Span), c.DeviceChecksum(h, 0, 2 * Page));
            Assert.Equal(Errno.Ok, c.Close(h));
        }
        finally
        {
            if (shmFile is not null) File.Delete(shmFile);
        }
    }

    [Fact]
    public unsafe void ProbeRejectsAMappingOfAnotherObject()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(2 * Page);
        using var mapping = c.Map(h, 2 * Page);
        ulong pointer;
        fixed (byte* p = mapping.Span(0, 1)) pointer = (ulong)p;
        Assert.Equal(0UL, pointer % Page);
        using var ordinary = UserPages.Anonymous(2);
        Baseline(c, UserptrCalls.ArgsFor(ordinary.Address, 2 * Page, UserptrFlags.Probe));

        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(pointer, 2 * Page, UserptrFlags.Probe)));
        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(pointer, Page, UserptrFlags.Probe | UserptrFlags.ReadOnly)));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void ProbeRejectsTheVdso()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var ordinary = UserPages.Anonymous(1);
        ordinary.Protect(0, 1, UserPages.ProtRead | 0x4 /* PROT_EXEC */); // r-x, like the vdso
        Baseline(c, UserptrCalls.ArgsFor(ordinary.Address, Page, UserptrFlags.Probe | UserptrFlags.ReadOnly));

        var vdso = File.ReadLines("/proc/self/maps").FirstOrDefault(l => l.EndsWith("[vdso]", StringComparison.Ordinal));
        Assert.NotNull(vdso); // x86_64 Linux maps one into every process
        ulong start = ulong.Parse(vdso![..vdso.IndexOf('-')], System.Globalization.NumberStyles.HexNumber);
        Assert.Equal(Errno.EFAULT, c.Userptr(UserptrCalls.ArgsFor(start, Page, UserptrFlags.Probe | UserptrFlags.ReadOnly)));
    }

    [Fact]
    public void ProbeLooksWithoutPopulatingThePages()
    {
        using var mem = UserPages.Anonymous(4); // never touched: nothing resident yet
        Assert.True(UserPages.NoneResident(mem.Address, mem.Length));

        Assert.Equal(UserRange.Mapping.Ordinary, UserRange.Inspect(mem.Address, mem.Length, readOnly: false));
        Assert.True(UserPages.NoneResident(mem.Address, mem.Length));
    }

    [Fact]
    public void OverThePinLimitIsEnomem()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, 2 * Page));

        Assert.Equal(Errno.ENOMEM, c.Userptr(UserptrCalls.ArgsFor(mem.Address, 3 * Page)));
        var first = c.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.ENOMEM, c.Userptr(UserptrCalls.ArgsFor(mem.PageAt(1), 2 * Page)));
        Assert.Equal(Page, c.PinnedBytes());
        Assert.Equal(Errno.Ok, c.Close(first));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void ThePinLimitDefaultsToRlimitMemlockAndPrivilegeDoesNotBypassIt()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.Ok, c.GetParam(Param.PinLimit, out ulong limit));
        ulong? rlimit = UserPages.MemlockSoftLimit();
        Assert.Equal(rlimit ?? ulong.MaxValue, limit);
        if (rlimit is not { } finite || finite > 64UL << 20)
            return; // unlimited (or huge) RLIMIT_MEMLOCK: nothing to exceed in a test

        int pages = (int)(finite / Page) + 1;
        using var mem = UserPages.Anonymous(pages);
        Baseline(c, UserptrCalls.ArgsFor(mem.Address, Page));

        // A process with CAP_IPC_LOCK may mlock past RLIMIT_MEMLOCK; the device still applies its own limit.
        bool kernelWouldLockIt = UserPages.TryMlock(mem.Address, mem.Length);
        Assert.Equal(Errno.ENOMEM, c.Userptr(UserptrCalls.ArgsFor(mem.Address, mem.Length)));
        Assert.True(kernelWouldLockIt || Environment.UserName != "root", "root (CAP_IPC_LOCK) can mlock past the rlimit");
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void ThePinLimitIsPerClient()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 2 * Page });
        var a = fx.Open();
        var b = fx.Open();
        using var mem = UserPages.Anonymous(4);
        a.WrapUser(mem.Address, 2 * Page);
        Assert.Equal(Errno.ENOMEM, a.Userptr(UserptrCalls.ArgsFor(mem.PageAt(2), Page)));

        b.WrapUser(mem.PageAt(2), 2 * Page); // B's own account is empty
        Assert.Equal(2 * Page, a.PinnedBytes());
        Assert.Equal(2 * Page, b.PinnedBytes());
    }
}
