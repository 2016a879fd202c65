using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// Pinning: a USERPTR object's pages are locked (mlock) and protected from fork (from the first fork on) for the object's lifetime,
/// charged to its client against the pin limit, and all of it is returned on close and on client teardown.
/// The kernel's side is read back from /proc/self/smaps (VmFlags "lo" locked, "wf" wipe-on-fork, "dc" do not copy).
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrAccountingTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    private static void AssertPinnedByDevice(ulong address, bool pinned)
    {
        // Fork protection is applied when the process forks (ForkProtection): fork once, so a pinned range shows it.
        if (pinned) Assert.Equal(0, UserptrForkTests.ForkAndExit());
        var flags = UserPages.VmFlagsAt(address);
        Assert.Equal(pinned, flags.Contains("lo"));
        Assert.Equal(pinned, flags.Contains("wf") || flags.Contains("dc"));
    }

    [Fact]
    public void PagesArePinnedAndProtectedFromForkWhileTheObjectLives()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(4);
        AssertPinnedByDevice(mem.Address, pinned: false);

        var h = c.WrapUser(mem.PageAt(1), 2 * Page);
        Assert.True(UserPages.AllResident(mem.PageAt(1), 2 * Page)); // locked means populated
        Assert.DoesNotContain("wf", UserPages.VmFlagsAt(mem.PageAt(1))); // no advice before the process forks
        AssertPinnedByDevice(mem.PageAt(1), pinned: true);
        AssertPinnedByDevice(mem.PageAt(2), pinned: true);
        AssertPinnedByDevice(mem.PageAt(0), pinned: false); // only the range, not the whole mapping
        AssertPinnedByDevice(mem.PageAt(3), pinned: false);
        Assert.Contains("wf", UserPages.VmFlagsAt(mem.PageAt(1))); // private anonymous: MADV_WIPEONFORK

        Assert.Equal(Errno.Ok, c.Close(h));
        AssertPinnedByDevice(mem.PageAt(1), pinned: false);
        AssertPinnedByDevice(mem.PageAt(2), pinned: false);
    }

    [Fact]
    public void SharedMemoryIsMarkedDontforkInstead()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2, shared: true); // MADV_WIPEONFORK only takes private anonymous memory
        var h = c.WrapUser(mem.Address, 2 * Page, UserptrFlags.Probe);
        Assert.Equal(0, UserptrForkTests.ForkAndExit()); // the advice is applied when the process forks
        var flags = UserPages.VmFlagsAt(mem.Address);
        Assert.Contains("dc", flags);
        Assert.Contains("lo", flags);

        Assert.Equal(Errno.Ok, c.Close(h));
        AssertPinnedByDevice(mem.Address, pinned: false);
    }

    [Fact]
    public void TheChargeIsHeldUntilCloseAndThenTheSameUserptrSucceedsAgain()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 3 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var h = c.WrapUser(mem.Address, 3 * Page);
        Assert.Equal(3 * Page, c.PinnedBytes());
        Assert.Equal(Errno.ENOMEM, c.Userptr(mem.Address, Page, 0, out _));

        Assert.Equal(Errno.Ok, c.Close(h));
        Assert.Equal(0UL, c.PinnedBytes());
        AssertPinnedByDevice(mem.Address, pinned: false);
        c.WrapUser(mem.Address, 3 * Page);
    }

    [Fact]
    public void PinOfAnOrdinaryObjectCountsAgainstTheSameLimit()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 4 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var user = c.WrapUser(mem.Address, 3 * Page);
        var big = c.Create(2 * Page);
        var small = c.Create(Page);

        Assert.Equal(Errno.ENOMEM, c.Pin(big)); // 3 + 2 pages > 4
        Assert.Equal(Errno.Ok, c.Pin(small));   // 3 + 1 = 4
        Assert.Equal(4 * Page, c.PinnedBytes());
        Assert.Equal(Errno.ENOMEM, c.Userptr(mem.Address, Page, 0, out _));

        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.Equal(Page, c.PinnedBytes());
        Assert.Equal(Errno.Ok, c.Pin(big));
        Assert.Equal(Errno.Ok, c.Unpin(big));
        Assert.Equal(Errno.Ok, c.Unpin(small));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void PinOfAUserptrObjectOnlyCounts()
    {
        // The PIN doc: "USERPTR objects are charged from creation and PIN only counts".
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        var user = c.WrapUser(mem.Address, 2 * Page);
        Assert.Equal(2 * Page, c.PinnedBytes());

        Assert.Equal(Errno.Ok, c.Pin(user));
        Assert.Equal(Errno.Ok, c.Pin(user));
        Assert.Equal(2 * Page, c.PinnedBytes());
        Assert.Equal(Errno.Ok, c.Unpin(user));
        Assert.Equal(Errno.Ok, c.Unpin(user));
        Assert.Equal(Errno.EINVAL, c.Unpin(user));
        Assert.Equal(2 * Page, c.PinnedBytes());

        Assert.Equal(Errno.Ok, c.Pin(user)); // closed while pinned: still exactly the creation charge returns
        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void ClientTeardownReturnsEverything()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 4 * Page, Checked = true });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(4);
        c.WrapUser(mem.Address, 2 * Page);
        var second = c.WrapUser(mem.PageAt(2), 2 * Page, UserptrFlags.ReadOnly);
        Assert.Equal(Errno.Ok, c.Pin(second));
        var normal = c.Create(Page);
        Assert.Equal(Errno.ENOMEM, c.Pin(normal));
        Assert.Equal(4 * Page, c.PinnedBytes());

        c.Dispose(); // the objects are still open: teardown releases them
        Assert.Equal(0UL, c.PinnedBytes());
        Assert.Equal(0, fx.Device.ObjectCount);
        AssertPinnedByDevice(mem.Address, pinned: false);
        AssertPinnedByDevice(mem.PageAt(2), pinned: false);
        Assert.Single(fx.Device.Reports, r => r.Kind == MisuseKind.LeakedObjects);

        var again = fx.Open();
        again.WrapUser(mem.Address, 4 * Page);
        Assert.Equal(4 * Page, again.PinnedBytes());
    }

    [Fact]
    public void ABusyObjectKeepsItsPinUntilTheEngineIsDone()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 2 * Page });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        var user = c.WrapUser(mem.Address, 2 * Page);
        var later = c.Create(Page);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, 2 * Page, 0x7E)));
        Assert.Equal(Errno.Ok, c.Close(user));
        // Closed, but the engine still owes it a command: the memory stays pinned and charged.
        Assert.Equal(2 * Page, c.PinnedBytes());
        AssertPinnedByDevice(mem.Address, pinned: true);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(later, 0, Page, 1)));

        fx.Device.ResumeEngine();
        c.WaitIdle(later); // the engine runs in order: the USERPTR command completed first
        Assert.Equal(0UL, c.PinnedBytes());
        AssertPinnedByDevice(mem.Address, pinned: false);
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x7E, b));
    }

    [Fact]
    public void OverlappingObjectsKeepSharedPagesPinnedUntilTheLastOneCloses()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var a = c.WrapUser(mem.Address, 2 * Page);   // pages 0, 1
        var b = c.WrapUser(mem.PageAt(1), 2 * Page); // pages 1, 2
        Assert.Equal(4 * Page, c.PinnedBytes()); // each object is charged, as each registration is in the kernel

        Assert.Equal(Errno.Ok, c.Close(a));
        AssertPinnedByDevice(mem.PageAt(0), pinned: false);
        AssertPinnedByDevice(mem.PageAt(1), pinned: true); // b still wraps it
        AssertPinnedByDevice(mem.PageAt(2), pinned: true);

        Assert.Equal(Errno.Ok, c.Close(b));
        AssertPinnedByDevice(mem.PageAt(1), pinned: false);
        AssertPinnedByDevice(mem.PageAt(2), pinned: false);
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void TheSameRangeInTwoClientsStaysPinnedUntilBothAreGone()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        using var mem = UserPages.Anonymous(1);
        a.WrapUser(mem.Address, Page);
        var hb = b.WrapUser(mem.Address, Page);

        a.Dispose();
        AssertPinnedByDevice(mem.Address, pinned: true);
        Assert.Equal(Errno.Ok, b.Submit(TestClient.Fill(hb, 0, Page, 3)));
        b.WaitIdle(hb);
        b.Dispose();
        AssertPinnedByDevice(mem.Address, pinned: false);
        Assert.All(mem.Span.ToArray(), x => Assert.Equal(3, x));
    }
}
