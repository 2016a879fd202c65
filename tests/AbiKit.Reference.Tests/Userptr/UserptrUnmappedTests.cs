using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// Unmapping a USERPTR range while the object lives is the caller's bug (i915: "caveat emptor"), but it must
/// not crash the process: SUBMIT finds it before the engine touches the memory (EFAULT; checked mode reports
/// <see cref="MisuseKind.UserptrUnmapped"/> once), and an engine that finds it mid-command fails the command.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrUnmappedTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    public enum Role
    {
        CopySource,
        CopyDestination,
        FillDestination,
        ChecksumSource,
    }

    private static SubmitArgs Command(Role role, BoHandle user, BoHandle normal, ulong size) => role switch
    {
        Role.CopySource => TestClient.Copy(user, 0, normal, 0, size),
        Role.CopyDestination => TestClient.Copy(normal, 0, user, 0, size),
        Role.FillDestination => TestClient.Fill(user, 0, size, 0x6B),
        _ => TestClient.Checksum(user, 0, size, normal, 0),
    };

    [Theory]
    [InlineData(Role.CopySource, true)]
    [InlineData(Role.CopyDestination, true)]
    [InlineData(Role.FillDestination, true)]
    [InlineData(Role.ChecksumSource, true)]
    [InlineData(Role.CopySource, false)]
    [InlineData(Role.FillDestination, false)]
    public void SubmitOnAnUnmappedRangeIsEfault(Role role, bool checkedMode)
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = checkedMode });
        var c = fx.Open();
        var mem = UserPages.Anonymous(3);
        try
        {
            var user = c.WrapUser(mem.PageAt(1), Page);
            var normal = c.Create(Page);
            Assert.Equal(Errno.Ok, c.Submit(Command(role, user, normal, Page)));
            c.WaitIdle(user);
            c.WaitIdle(normal);
            Assert.Empty(fx.Device.Reports);

            mem.Unmap(1, 1); // the caller's bug: the object still wraps it
            Assert.Equal(Errno.EFAULT, c.Submit(Command(role, user, normal, Page)));
            Assert.Equal(Errno.Ok, c.Busy(user, out uint busy));
            Assert.Equal(0u, busy); // refused before the engine, not queued

            if (checkedMode)
            {
                var report = Assert.Single(fx.Device.Reports);
                Assert.Equal(MisuseKind.UserptrUnmapped, report.Kind);
                Assert.Equal(user.Value, report.Handle);
                Assert.Equal(ReferenceDevice.Table.NameOf(AllocIoctls.Submit), report.Ioctl); // named from the spec, not a literal
                Assert.Contains("mapped", report.Message);
            }
            else
            {
                Assert.Empty(fx.Device.Reports);
            }

            // The object can still be closed (munlock/madvise on the vanished range simply fail) and its charge returns.
            Assert.Equal(Errno.Ok, c.Close(user));
            Assert.Equal(0UL, c.PinnedBytes());
            Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(normal, 0, Page, 1))); // the device is fine
            c.WaitIdle(normal);
            Assert.Equal(checkedMode ? 1 : 0, fx.Device.Reports.Count);
        }
        finally
        {
            mem.Dispose();
        }
    }

    [Fact]
    public void OnlyTheUnmappedPartNeedsToBeGone()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var user = c.WrapUser(mem.Address, 3 * Page);
        var normal = c.Create(Page);

        mem.Unmap(2, 1);
        // Even a command on the still-mapped first page is refused: the object's range is broken.
        Assert.Equal(Errno.EFAULT, c.Submit(TestClient.Copy(user, 0, normal, 0, Page)));
        Assert.Equal(MisuseKind.UserptrUnmapped, Assert.Single(fx.Device.Reports).Kind);
        Assert.Equal(Errno.Ok, c.Close(user));
    }

    [Fact]
    public void UnmappedWhileQueuedFailsTheCommandWithoutCrashing()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        var user = c.WrapUser(mem.PageAt(1), Page);
        var normal = c.Create(Page);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, Page, 0x44)));
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(user, 0, normal, 0, Page)));
        mem.Unmap(1, 1); // after SUBMIT's check, before the engine runs
        fx.Device.ResumeEngine();
        c.WaitIdle(user);
        c.WaitIdle(normal);

        // The engine's copies fail with EFAULT (process_vm_readv/writev), reported once per command.
        Assert.Equal(2, fx.Device.Reports.Count);
        Assert.All(fx.Device.Reports, r => Assert.Equal(MisuseKind.UserptrUnmapped, r.Kind));
        Assert.Equal(new byte[8], c.Read(normal, 0, 8));
        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.Equal(0UL, c.PinnedBytes());
    }
}
