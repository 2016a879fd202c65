using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Igt;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// Purging as i915 does it (issue 14): purged is final, every later use is EFAULT, existing mappings read zeros
/// (a SIGBUS would kill the host), DONTNEED before any use purges at once, USERPTR objects are never purged.
/// </summary>
public sealed class PurgedObjectTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private static readonly byte[] Pattern = { 1, 2, 3, 4, 5 };

    /// <summary>A device with a four-page budget and a client <paramref name="c"/> whose <paramref name="victim"/> had pages and data, then was purged by pressure.</summary>
    private static DeviceFixture Purged(out TestClient c, out BoHandle victim, out BoHandle other)
    {
        var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        c = fx.Open();
        victim = c.Create(Page);
        c.Write(victim, 0, Pattern);
        Assert.Equal(Pattern, c.Read(victim, 0, Pattern.Length)); // PREAD gets pages (PWRITE does not)
        other = c.Create(Page);
        c.Write(other, 0, Pattern);
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained); // it has pages and fits the budget: kept for now
        c.Create(3 * Page); // over the budget: the shrinker takes the DONTNEED object
        return fx;
    }

    [Fact]
    public void PurgedIsFinal_NoAdviceRevivesIt_OnlyCloseIsLeft()
    {
        using var fx = Purged(out var c, out var victim, out _);
        ulong bytesBefore = fx.Device.ObjectBytes;
        foreach (var advice in new[] { Advice.Willneed, Advice.Dontneed, Advice.Willneed })
        {
            Assert.Equal(Errno.Ok, c.Madvise(victim, advice, out uint retained));
            Assert.Equal(0u, retained);
        }
        Assert.Equal(Errno.EFAULT, c.Pread(victim, 0, new byte[1])); // WILLNEED gave nothing back
        Assert.Equal(Errno.Ok, c.Close(victim));
        Assert.Equal(bytesBefore - Page, fx.Device.ObjectBytes);
    }

    public enum Use { Pread, Pwrite, SubmitSource, SubmitDestination, CpuAccessBegin, Pin, NewMapping }

    public static TheoryData<Use> Uses()
    {
        var data = new TheoryData<Use>();
        foreach (var use in Enum.GetValues<Use>()) data.Add(use);
        return data;
    }

    private static Errno Try(TestClient c, BoHandle bo, BoHandle other, Use use)
    {
        switch (use)
        {
            case Use.Pread: return c.Pread(bo, 0, new byte[4]);
            case Use.Pwrite: return c.Pwrite(bo, 0, new byte[4]);
            case Use.SubmitSource: return c.Submit(TestClient.Copy(bo, 0, other, 0, 4));
            case Use.SubmitDestination: return c.Submit(TestClient.Copy(other, 0, bo, 0, 4));
            case Use.CpuAccessBegin: return c.Begin(bo, AccessFlags.Read);
            case Use.Pin: return c.Pin(bo);
            default:
                Assert.Equal(Errno.Ok, c.MmapOffset(bo, out ulong offset)); // the offset is a name: still given
                var result = c.Channel.Map(offset, Page, out var map);
                map?.Dispose();
                return result;
        }
    }

    [Theory]
    [MemberData(nameof(Uses))]
    public void EveryUseOfAPurgedObjectIsEfault(Use use)
    {
        using var fx = Purged(out var c, out var victim, out var other);
        Assert.Equal(Errno.EFAULT, Try(c, victim, other, use));
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Pattern, c.Read(other, 0, Pattern.Length)); // the other object is untouched
    }

    [Fact]
    public void PreadAndPwriteKeepI915sOrderOfChecksBeforeEfault()
    {
        using var fx = Purged(out var c, out var victim, out _);
        var pread = new PreadArgs { Handle = victim, Size = 0, DataPtr = 8 };
        Assert.Equal(Errno.Ok, c.Alloc.Pread(ref pread)); // size 0 returns first
        pread = new PreadArgs { Handle = new BoHandle(0x7f), Size = 1, DataPtr = ulong.MaxValue - 8 };
        Assert.Equal(Errno.EFAULT, c.Alloc.Pread(ref pread)); // access_ok() before the lookup
        Assert.Equal(Errno.ENOENT, c.Pread(new BoHandle(0x7f), 0, new byte[1]));
        Assert.Equal(Errno.EINVAL, c.Pwrite(victim, Page, new byte[1])); // the range before the pages
        Assert.Equal(Errno.EFAULT, c.Pwrite(victim, 0, new byte[1]));
    }

    [Fact]
    public void APurgedObjectCanStillBeNamedAndShared_ItsUseFailsEverywhere()
    {
        using var fx = Purged(out var c, out var victim, out _);
        var d = fx.OpenAsIgt(); // primary nodes: FLINK and GEM_OPEN need them
        var e = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, c.Export(victim, out ulong token)); // i915 exports it too
        Assert.Equal(Errno.Ok, d.Import(token, out var imported, out _));
        Assert.Equal(Errno.EFAULT, d.Pread(imported, 0, new byte[1]));
        Assert.Equal(Errno.Ok, d.Madvise(imported, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.Ok, d.GemFlink(imported, out uint name));
        Assert.Equal(Errno.Ok, e.GemOpen(name, out var opened, out _));
        Assert.Equal(Errno.EFAULT, e.Begin(opened, AccessFlags.Write));
    }

    [Fact]
    public void AnExistingMappingOfAPurgedObjectReadsZeros_ANewOneIsRefused()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var victim = c.Create(Page, Caching.WriteCombined); // two views: both are dropped
        using var map = c.Map(victim, Page);
        Assert.Equal(Errno.Ok, c.Begin(victim, AccessFlags.Write));
        Pattern.CopyTo(map.Span(0, Pattern.Length));
        Assert.Equal(Errno.Ok, c.End(victim, AccessFlags.Write));
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);
        c.Create(3 * Page); // the mapping does not keep it from the shrinker, as in i915

        Assert.Equal(new byte[Pattern.Length], map.Span(0, Pattern.Length).ToArray()); // zeros, no SIGBUS
        Assert.Equal(Errno.Ok, c.MmapOffset(victim, out ulong offset));
        Assert.Equal(Errno.EFAULT, c.Channel.Map(offset, Page, out var second));
        Assert.Null(second);
    }

    [Fact]
    public void DontneedBeforeAnyUsePurgesAtOnce()
    {
        using var fx = new DeviceFixture(); // no memory pressure at all
        var c = fx.Open();
        var fresh = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Madvise(fresh, Advice.Dontneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.EFAULT, c.Pwrite(fresh, 0, Pattern));
        Assert.Equal(Errno.EFAULT, c.Submit(TestClient.Fill(fresh, 0, Page, 1)));
    }

    [Fact]
    public void SharingGivesNoPages_DontneedStillPurgesAtOnce()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var d = fx.Open();
        var bo = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Export(bo, out ulong token));
        Assert.Equal(Errno.Ok, d.Import(token, out var imported, out _));
        Assert.Equal(Errno.Ok, d.Madvise(imported, Advice.Dontneed, out uint retained));
        Assert.Equal(0u, retained);
    }

    /// <summary>
    /// Each use but PWRITE gets pages, so a DONTNEED after it keeps the object (the other half of the rule
    /// above); PWRITE, as i915's shmem_pwrite, writes without getting pages, and DONTNEED drops what it wrote.
    /// </summary>
    [Theory]
    [MemberData(nameof(Uses))]
    public void AfterAnyUseDontneedKeepsTheObject(Use use)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var bo = c.Create(Page);
        var other = c.Create(Page);
        c.Write(other, 0, Pattern);
        Assert.Equal(Errno.Ok, Try(c, bo, other, use));
        if (use == Use.CpuAccessBegin) Assert.Equal(Errno.Ok, c.End(bo, AccessFlags.Read));
        if (use == Use.Pin) Assert.Equal(Errno.Ok, c.Unpin(bo));
        c.WaitIdle(bo);
        Assert.Equal(Errno.Ok, c.Madvise(bo, Advice.Dontneed, out uint retained));
        Assert.Equal(use == Use.Pwrite ? 0u : 1u, retained);
    }

    [Fact]
    public void AUserptrObjectIsNeverPurged()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.PageAt(0), Page); // not used yet, but the memory is the caller's: nothing to drop
        Assert.Equal(Errno.Ok, c.Madvise(user, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Errno.Ok, c.Madvise(user, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
    }
}
