using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>Handle namespaces, sharing by export token, and purging of DONTNEED objects.</summary>
public sealed class ObjectSemanticsTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void AClientCannotNameAnotherClientsHandle()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        a.Write(h, 0, [1, 2, 3]);
        Assert.Equal(Errno.Ok, a.Busy(h, out _));

        // B holds nothing: the same number is not a handle there.
        Assert.Equal(Errno.ENOENT, b.Busy(h, out _));
        Assert.Equal(Errno.ENOENT, b.Pread(h, 0, new byte[3]));
        Assert.Equal(Errno.ENOENT, b.MmapOffset(h, out _));
        Assert.Equal(Errno.EINVAL, b.Close(h));
        Assert.Equal(new byte[] { 1, 2, 3 }, a.Read(h, 0, 3)); // and A's object is untouched
    }

    [Fact]
    public void TheSameHandleNumberInTwoClientsNamesTwoObjects()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var ha = a.Create();
        var hb = b.Create();
        Assert.Equal(ha.Value, hb.Value);
        a.Write(ha, 0, [0xaa]);
        b.Write(hb, 0, [0xbb]);
        Assert.Equal(0xaa, a.Read(ha, 0, 1)[0]);
        Assert.Equal(0xbb, b.Read(hb, 0, 1)[0]);
        Assert.Equal(2, fx.Device.ObjectCount);
    }

    [Fact]
    public void AClientCannotMapAnotherClientsObject()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        Assert.Equal(Errno.Ok, a.MmapOffset(h, out ulong offset));
        Assert.Equal(Errno.Ok, a.Channel.Map(offset, Page, out var mapping));
        mapping!.Dispose();

        Assert.Equal(Errno.EACCES, b.Channel.Map(offset, Page, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void HandlesAreNonZeroAndLowestFreeFirst()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h1 = c.Create();
        var h2 = c.Create();
        var h3 = c.Create();
        Assert.Equal(new uint[] { 1, 2, 3 }, new[] { h1.Value, h2.Value, h3.Value });

        Assert.Equal(Errno.Ok, c.Close(h2));
        Assert.Equal(2u, c.Create().Value);
        Assert.Equal(4u, c.Create().Value);
    }

    [Fact]
    public void ExportGivesANonZeroTokenThatImportResolvesToTheSameMemory()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        b.Create(); // so that B's handle for the import differs from A's
        var h = a.Create(3 * Page);
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.NotEqual(0UL, token);
        Assert.Equal(Errno.Ok, a.Export(h, out ulong again));
        Assert.Equal(token, again); // exporting again returns the same token

        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out ulong size));
        Assert.NotEqual(0u, hb.Value);
        Assert.Equal(3 * Page, size);
        Assert.Equal(2, fx.Device.ObjectCount); // B's own object and the shared one

        var data = Enumerable.Range(0, 64).Select(i => (byte)(255 - i)).ToArray();
        a.Write(h, Page + 10, data);
        Assert.Equal(data, b.Read(hb, Page + 10, data.Length));
        b.Write(hb, 0, [9, 8, 7]);
        Assert.Equal(new byte[] { 9, 8, 7 }, a.Read(h, 0, 3));
    }

    [Fact]
    public void ImportingTwiceGivesTheSameHandleAndOneCloseReleasesIt()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var first, out _));
        Assert.Equal(Errno.Ok, b.Import(token, out var second, out _));
        Assert.Equal(first, second);

        Assert.Equal(Errno.Ok, b.Close(first));
        Assert.Equal(Errno.EINVAL, b.Close(second));
        Assert.Equal(1, fx.Device.ObjectCount); // A still holds it
    }

    [Fact]
    public void ImportIntoTheExportingClientGivesItsOwnHandle()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var h = a.Create();
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, a.Import(token, out var same, out _));
        Assert.Equal(h, same);
    }

    [Fact]
    public void TheObjectLivesUntilItsLastHandleCloses()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        a.Write(h, 0, [42]);
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out _));

        Assert.Equal(Errno.Ok, a.Close(h));
        Assert.Equal(1, fx.Device.ObjectCount);
        Assert.Equal(42, b.Read(hb, 0, 1)[0]);
        Assert.Equal(Errno.Ok, b.Close(hb));
        Assert.Equal(0, fx.Device.ObjectCount);
        Assert.Equal(0UL, fx.Device.ObjectBytes);
    }

    [Fact]
    public void ClosingAClientReleasesItsObjects()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        a.Create();
        a.Create(2 * Page, Caching.WriteCombined);
        Assert.Equal(2, fx.Device.ObjectCount);
        a.Dispose();
        Assert.Equal(0, fx.Device.ObjectCount);
        Assert.Equal(0UL, fx.Device.ObjectBytes);
        Assert.Empty(fx.Device.Reports); // not checked mode: no leak report
    }

    [Fact]
    public void AClosedObjectLivesUntilTheEngineIsDoneWithIt()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var src = c.Create(Page);
        var dst = c.Create(Page);
        c.Write(src, 0, [1, 2, 3]);
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(src, 0, dst, 0, Page)));
        Assert.Equal(Errno.Ok, c.Close(src));
        Assert.Equal(2, fx.Device.ObjectCount); // queued work still reads it

        fx.Device.ResumeEngine();
        c.WaitIdle(dst);
        Assert.Equal(new byte[] { 1, 2, 3 }, c.Read(dst, 0, 3));
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    [Fact]
    public void ClosingChannelsAndMappingsAfterTheDeviceIsDisposedDoesNotThrow()
    {
        var device = new ReferenceDevice(new DeviceOptions { Checked = true });
        var c = new TestClient(device.Open());
        var h = c.Create(Page, Caching.WriteCombined);
        var map = c.Map(h, Page);
        device.Dispose();

        map.Dispose();
        c.Dispose();
        device.Dispose(); // idempotent
    }

    // ---- purging ----

    private static readonly byte[] Pattern = Enumerable.Range(0, 256).Select(i => (byte)(i | 1)).ToArray();

    [Fact]
    public void ADontneedObjectIsPurgedUnderMemoryPressureForGood()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var victim = c.Create(Page);
        c.Write(victim, 0, Pattern);
        Assert.Equal(Pattern, c.Read(victim, 0, Pattern.Length)); // PREAD gives it pages
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained); // under budget: nothing is discarded yet

        for (int i = 0; i < 4; i++) c.Create(Page); // 5 pages > the 4-page budget

        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out retained));
        Assert.Equal(0u, retained);
        // Purged is final, as i915: no use works and no advice revives it; CLOSE returns the memory.
        Assert.Equal(Errno.EFAULT, c.Pread(victim, 0, new byte[1]));
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.Ok, c.Close(victim));
        Assert.Equal(4 * Page, fx.Device.ObjectBytes);
    }

    [Fact]
    public void AWillneedObjectIsNotPurged()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var kept = c.Create(Page);
        c.Write(kept, 0, Pattern);
        for (int i = 0; i < 8; i++) c.Create(Page);

        Assert.Equal(Errno.Ok, c.Madvise(kept, Advice.Willneed, out uint retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Pattern, c.Read(kept, 0, Pattern.Length));
    }

    [Fact]
    public void APinnedDontneedObjectIsNotPurged()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var pinned = c.Create(Page);
        c.Write(pinned, 0, Pattern);
        Assert.Equal(Errno.Ok, c.Pin(pinned));
        Assert.Equal(Errno.Ok, c.Madvise(pinned, Advice.Dontneed, out uint retained));
        Assert.Equal(1u, retained);

        for (int i = 0; i < 8; i++) c.Create(Page);

        Assert.Equal(Errno.Ok, c.Madvise(pinned, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Pattern, c.Read(pinned, 0, Pattern.Length));
    }

    [Fact]
    public void DontneedWhileOverBudgetPurgesAtOnce()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 2 * Page });
        var c = fx.Open();
        var h = c.Create(Page);
        c.Write(h, 0, Pattern);
        Assert.Equal(Pattern, c.Read(h, 0, Pattern.Length)); // it has pages: only the budget can purge it
        c.Create(Page);
        c.Create(Page); // 3 pages, budget 2: over, and nothing purgeable yet

        Assert.Equal(Errno.Ok, c.Madvise(h, Advice.Dontneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.Ok, c.Madvise(h, Advice.Willneed, out retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.EFAULT, c.Pread(h, 0, new byte[1]));
    }

    [Fact]
    public void APurgedNonCoherentObjectDropsBothViews()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var victim = c.Create(Page, Caching.WriteCombined); // two pages of memory: CPU and device views
        using var map = c.Map(victim, Page); // made before the purge: it reads zeros after
        c.Write(victim, 0, Pattern);
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out _));
        for (int i = 0; i < 3; i++) c.Create(Page);

        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.All(map.Span(0, (int)Page).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(Errno.EFAULT, c.Begin(victim, AccessFlags.Read));
    }
}
