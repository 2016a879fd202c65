using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Checked;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// USERPTR without PROBE in this process tries the pin first and inspects the mappings only when the pin fails
/// (a hole or PROT_NONE defers the pin to first use; ordinary memory that cannot be locked is ENOMEM). With
/// PROBE the range is inspected up front, as i915 walks the VMAs. These tests pin that split, and that what the
/// skipped inspection used to catch is still caught at first use, which inspects the range on every use
/// (another client's mapping: LifetimeTests.UserptrOverAnotherClientsMappingCannotReachItsObject).
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrPinFirstTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void AnImportWithoutProbeOfPinnableMemoryInspectsNothing()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        int before = UserRange.t_inspections;
        var user = c.WrapUser(mem.Address, mem.Length);
        Assert.Equal(before, UserRange.t_inspections); // was one PROCMAP_QUERY per import
        Assert.True(UserPages.AllResident(mem.Address, mem.Length)); // pinned at once (mlock faulted the pages in)
        Assert.Equal(Errno.Ok, c.Close(user));

        user = c.WrapUser(mem.Address, mem.Length, UserptrFlags.Probe);
        Assert.Equal(before + 1, UserRange.t_inspections); // PROBE looks first
        Assert.Equal(Errno.Ok, c.Close(user));
    }

    [Fact]
    public void AHoleDefersThePinToFirstUseAfterOneInspection()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        mem.Unmap(1, 1);
        int before = UserRange.t_inspections;
        var user = c.WrapUser(mem.Address, 3 * Page); // created: i915 finds out at first use
        Assert.Equal(before + 1, UserRange.t_inspections); // the failed pin asked what is there
        Assert.DoesNotContain("lo", UserPages.VmFlagsAt(mem.Address)); // the failed mlock left nothing locked
        Assert.Equal(Errno.EFAULT, c.Begin(user, AccessFlags.Write));
        Assert.Equal(Errno.Ok, c.Close(user));
    }

    [Fact]
    public void ReadOnlyMemoryPinnedAtCreationIsStillEfaultAtAWritingUse()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2, UserPages.ProtRead);
        var user = c.WrapUser(mem.Address, mem.Length); // no READ_ONLY flag: mlock takes read-only pages
        Assert.Contains("lo", UserPages.VmFlagsAt(mem.Address));
        Assert.Equal(Errno.EFAULT, c.Begin(user, AccessFlags.Write));
        Assert.Equal(Errno.EFAULT, c.Submit(TestClient.Fill(user, 0, mem.Length, 0x11)));
        // Read-only is not "unmapped": checked mode reports only a range that is gone.
        Assert.DoesNotContain(fx.Device.Reports, r => r.Kind == MisuseKind.UserptrUnmapped);
        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.DoesNotContain("lo", UserPages.VmFlagsAt(mem.Address)); // and the close unlocked it
    }
}
