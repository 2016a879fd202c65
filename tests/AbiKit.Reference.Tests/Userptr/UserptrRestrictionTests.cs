using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// What i915 forbids on userptr objects (no pread/pwrite, mmap or dma-buf export; usable only by the creating
/// client), and READ_ONLY: the engine may read the memory but never write it. Each refusal follows the same
/// call succeeding on an ordinary object.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrRestrictionTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void PreadIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);
        var normal = c.Create(Page);
        var into = new byte[16];
        Assert.Equal(Errno.Ok, c.Pread(normal, 0, into));

        Assert.Equal(Errno.EINVAL, c.Pread(user, 0, into)); // "pread from userptr no longer allowed"
        Assert.Equal(Errno.Ok, c.Pread(user, 0, Span<byte>.Empty)); // size 0 succeeds first, as in i915
    }

    [Fact]
    public void PwriteIsEinvalAndLeavesTheMemoryAlone()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        mem.Span.Fill(0x33);
        var user = c.WrapUser(mem.Address, Page);
        var normal = c.Create(Page);
        var data = new byte[] { 1, 2, 3, 4 };
        Assert.Equal(Errno.Ok, c.Pwrite(normal, 0, data));

        Assert.Equal(Errno.EINVAL, c.Pwrite(user, 0, data));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x33, b));
    }

    [Fact]
    public void MmapOffsetIsEnodev()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);
        var normal = c.Create(Page);
        Assert.Equal(Errno.Ok, c.MmapOffset(normal, out _));

        Assert.Equal(Errno.ENODEV, c.MmapOffset(user, out ulong offset)); // i915_gem_object_never_mmap()
        Assert.Equal(0UL, offset);
    }

    [Fact]
    public void ExportIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);
        var normal = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Export(normal, out _));

        Assert.Equal(Errno.EINVAL, c.Export(user, out ulong token)); // "Exporting userptr no longer allowed"
        Assert.Equal(0UL, token);
    }

    [Fact]
    public void AnotherClientCannotUseIt()
    {
        using var fx = new DeviceFixture();
        var owner = fx.Open();
        var other = fx.Open();
        using var mem = UserPages.Anonymous(1);
        owner.Create(Page); // so the USERPTR handle is not the number other's first object gets
        var user = owner.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.Ok, owner.Busy(user, out _));
        Assert.Equal(Errno.EINVAL, owner.Export(user, out _)); // no token to import it with

        // The handle number means nothing in another client's namespace.
        Assert.Equal(Errno.ENOENT, other.Busy(user, out _));
        var sink = other.Create(Page);
        Assert.Equal(Errno.ENOENT, other.Submit(TestClient.Copy(user, 0, sink, 0, Page)));
        Assert.Equal(Errno.EINVAL, other.Close(user));
        Assert.Equal(Errno.Ok, owner.Busy(user, out _));
    }

    [Fact]
    public void CpuAccessWindowsWorkOnUserptrObjects()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read | AccessFlags.Write));
        Assert.Equal(Errno.EBUSY, c.Submit(TestClient.Fill(user, 0, Page, 1))); // not inside the window
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read | AccessFlags.Write));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, Page, 1)));
        c.WaitIdle(user);
        Assert.Single(fx.Device.Reports, r => r.Kind == MisuseKind.SubmitDuringCpuAccess);
    }

    [Theory]
    [InlineData(false)] // memory the process may write, wrapped READ_ONLY
    [InlineData(true)]  // memory mapped read-only (mprotect PROT_READ)
    public void ReadOnlyObjectsAreReadButNeverWrittenByTheDevice(bool protectedMemory)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        for (int i = 0; i < mem.Span.Length; i++) mem.Span[i] = (byte)(i * 13 + 5);
        var original = mem.Span.ToArray();
        if (protectedMemory) mem.Protect(0, 2, UserPages.ProtRead);
        var ro = c.WrapUser(mem.Address, 2 * Page, UserptrFlags.ReadOnly | UserptrFlags.Probe);
        var normal = c.Create(2 * Page);

        // Reading is fine: the engine copies and checksums it.
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(ro, 0, normal, 0, 2 * Page)));
        c.WaitIdle(normal);
        Assert.Equal(original, c.Read(normal, 0, (int)(2 * Page)));
        Assert.Equal(DeviceEngine.Fnv1a(original), c.DeviceChecksum(ro, 0, 2 * Page));

        // Every command that would write it is refused, before the engine runs.
        Assert.Equal(Errno.EPERM, c.Submit(TestClient.Fill(ro, 0, Page, 0xEE)));
        Assert.Equal(Errno.EPERM, c.Submit(TestClient.Copy(normal, 0, ro, Page, Page)));
        Assert.Equal(Errno.EPERM, c.Submit(TestClient.Checksum(normal, 0, Page, ro, 0)));
        Assert.Equal(Errno.EPERM, c.Submit(TestClient.Fill(ro, 0, 0, 0xEE))); // even an empty write
        c.WaitIdle(ro);
        Assert.Equal(Errno.Ok, c.Busy(ro, out uint busy));
        Assert.Equal(0u, busy);

        Assert.Equal(original, mem.Span.ToArray());
        Assert.Equal(Errno.Ok, c.Close(ro));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void AWritableUserptrIsWrittenWhereTheReadOnlyOneIsRefused()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var rw = c.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(rw, 0, Page, 0x42)));
        c.WaitIdle(rw);
        Assert.Equal(Errno.Ok, c.Close(rw));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x42, b));

        var ro = c.WrapUser(mem.Address, Page, UserptrFlags.ReadOnly);
        Assert.Equal(Errno.EPERM, c.Submit(TestClient.Fill(ro, 0, Page, 0x17)));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x42, b));
    }

    [Fact]
    public void MadviseNeverPurgesUserMemory()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        mem.Span.Fill(0x5C);
        var user = c.WrapUser(mem.Address, 2 * Page);
        Assert.Equal(Errno.Ok, c.Madvise(user, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);
        c.Create(2 * Page); // pressure: the shrinker looks for DONTNEED objects
        c.Create(2 * Page);
        Assert.Equal(Errno.Ok, c.Madvise(user, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x5C, b));
    }

    [Fact]
    public void CompactionNeverMovesUserMemory()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var hole = c.Create(Page);
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);
        Assert.Equal(Errno.Ok, c.Close(hole));

        Assert.Equal(new CompactionResult(0, 0), fx.Device.Compact());
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, Page, 9)));
        c.WaitIdle(user);
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(9, b));
    }
}
