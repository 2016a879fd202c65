using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// Checked mode: every <see cref="MisuseKind"/> comes out of its misuse as exactly one report, with the errno
/// the device gives; without checked mode the same sequences produce no reports.
/// </summary>
public sealed class CheckedModeTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    public static TheoryData<MisuseKind> AllKinds()
    {
        var data = new TheoryData<MisuseKind>();
        foreach (var kind in Enum.GetValues<MisuseKind>()) data.Add(kind);
        return data;
    }

    /// <summary>What a misuse scenario did: the errno of the offending call (null when it is not an ioctl) and
    /// the handle it involved.</summary>
    private readonly record struct Outcome(Errno? Errno, uint Handle);

    /// <summary>
    /// Runs the valid part of the scenario for <paramref name="kind"/> (asserting it succeeds and reports
    /// nothing), then the one misuse, and returns its result.
    /// </summary>
    private static Outcome Misuse(DeviceFixture fx, MisuseKind kind)
    {
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        var other = c.Create(Page);
        switch (kind)
        {
            case MisuseKind.SyncOnUnknownHandle:
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Read));
                Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Read));
                Assert.Empty(fx.Device.Reports);
                var never = new BoHandle(0x7f);
                return new(c.Begin(never, AccessFlags.Read), never.Value);
            }
            case MisuseKind.EndWithoutBegin:
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Write));
                Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Write));
                Assert.Empty(fx.Device.Reports);
                return new(c.End(h, AccessFlags.Write), h.Value);
            }
            case MisuseKind.NestedBegin:
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Read));
                Assert.Equal(Errno.Ok, c.Begin(other, AccessFlags.Read)); // a window on another object is fine
                Assert.Empty(fx.Device.Reports);
                return new(c.Begin(h, AccessFlags.Read), h.Value);
            }
            case MisuseKind.EndFlagsMismatch:
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Read | AccessFlags.Write));
                Assert.Empty(fx.Device.Reports);
                return new(c.End(h, AccessFlags.Write), h.Value);
            }
            case MisuseKind.SubmitDuringCpuAccess:
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Write));
                Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(other, 0, Page, 1))); // other has no window
                c.WaitIdle(other);
                Assert.Empty(fx.Device.Reports);
                return new(c.Submit(TestClient.Copy(other, 0, h, 0, Page)), h.Value);
            }
            case MisuseKind.StaleHandle:
            {
                Assert.Equal(Errno.Ok, c.Close(h));
                var reused = c.Create(Page); // takes the closed handle's slot
                Assert.Equal(Errno.Ok, c.Busy(reused, out _));
                Assert.Empty(fx.Device.Reports);
                if (fx.Device.Options.Checked)
                {
                    Assert.NotEqual(h, reused); // the generation in the top byte tells them apart
                    Assert.Equal(h.Value & 0xffffff, reused.Value & 0xffffff);
                }
                else
                {
                    Assert.Equal(h, reused); // without generations the number is simply reused...
                }
                return new(c.Busy(h, out _), h.Value); // ...so unchecked, the stale handle silently names the new object
            }
            case MisuseKind.LeakedObjects:
            {
                Assert.Equal(Errno.Ok, c.Close(other)); // closed properly: not a leak
                Assert.Empty(fx.Device.Reports);
                c.Dispose(); // h is still open
                Assert.Equal(0, fx.Device.ObjectCount);
                return new(null, h.Value);
            }
            case MisuseKind.UserptrUnmapped:
            {
                using var mem = Userptr.UserPages.Anonymous(3);
                var user = Userptr.UserptrCalls.WrapUser(c, mem.PageAt(1), Page);
                Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(user, 0, other, 0, Page)));
                c.WaitIdle(other);
                Assert.Empty(fx.Device.Reports);
                mem.Unmap(1, 1); // the object still wraps the range
                var result = c.Submit(TestClient.Copy(user, 0, other, 0, Page));
                Assert.Equal(Errno.Ok, c.Close(user));
                return new(result, user.Value);
            }
            case MisuseKind.PurgedObjectUsed:
            {
                // DONTNEED before any use purges at once (as i915); retained 0 says so, and the client ignores it.
                Assert.Equal(Errno.Ok, c.Madvise(h, Advice.Dontneed, out uint retained));
                Assert.Equal(0u, retained);
                Assert.Equal(Errno.Ok, c.Madvise(h, Advice.Willneed, out retained));
                Assert.Equal(0u, retained);
                Assert.Empty(fx.Device.Reports);
                return new(c.Pwrite(h, 0, new byte[] { 1 }), h.Value);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "add a scenario for every kind of misuse");
        }
    }

    private static Errno? CheckedErrno(MisuseKind kind) => kind switch
    {
        MisuseKind.SyncOnUnknownHandle => Errno.ENOENT,
        MisuseKind.EndWithoutBegin => Errno.EINVAL,
        MisuseKind.NestedBegin => Errno.EINVAL,
        MisuseKind.EndFlagsMismatch => Errno.EINVAL,
        MisuseKind.SubmitDuringCpuAccess => Errno.EBUSY,
        MisuseKind.StaleHandle => Errno.ENOENT,
        MisuseKind.LeakedObjects => null,
        MisuseKind.UserptrUnmapped => Errno.EFAULT,
        MisuseKind.PurgedObjectUsed => Errno.EFAULT,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Without checked mode the device does not track pairing (as with DMA_BUF_IOCTL_SYNC).</summary>
    private static Errno? UncheckedErrno(MisuseKind kind) => kind switch
    {
        MisuseKind.SyncOnUnknownHandle => Errno.ENOENT,
        MisuseKind.LeakedObjects => null,
        MisuseKind.UserptrUnmapped => Errno.EFAULT, // refused either way; only the report is checked mode's
        MisuseKind.PurgedObjectUsed => Errno.EFAULT, // likewise
        _ => Errno.Ok,
    };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void EachMisuseGivesExactlyOneReportOfItsKind(MisuseKind kind)
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var raised = new List<MisuseReport>();
        fx.Device.MisuseReported += raised.Add;

        var outcome = Misuse(fx, kind);

        Assert.Equal(CheckedErrno(kind), outcome.Errno);
        var report = Assert.Single(fx.Device.Reports);
        Assert.Equal(kind, report.Kind);
        Assert.Equal(outcome.Handle, report.Handle);
        Assert.False(string.IsNullOrWhiteSpace(report.Message));
        Assert.False(string.IsNullOrWhiteSpace(report.Ioctl));
        Assert.Equal(report, Assert.Single(raised));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void WithoutCheckedModeNoMisuseIsReported(MisuseKind kind)
    {
        using var fx = new DeviceFixture();
        var raised = new List<MisuseReport>();
        fx.Device.MisuseReported += raised.Add;

        var outcome = Misuse(fx, kind);

        Assert.Equal(UncheckedErrno(kind), outcome.Errno);
        Assert.Empty(fx.Device.Reports);
        Assert.Empty(raised);
    }

    [Fact]
    public void CheckedHandlesAreNonZeroAndLowestSlotFirst()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        var h1 = c.Create();
        var h2 = c.Create();
        var h3 = c.Create();
        Assert.All(new[] { h1, h2, h3 }, h => Assert.NotEqual(0u, h.Value));
        Assert.Equal(Errno.Ok, c.Close(h2));
        var again = c.Create();
        Assert.Equal(h2.Value & 0xffffff, again.Value & 0xffffff);
        Assert.NotEqual(h2, again);
        Assert.Equal(Errno.ENOENT, c.Busy(h2, out _));
        Assert.Equal(Errno.Ok, c.Busy(again, out _));
    }

    [Fact]
    public void AStaleHandleInASyncIsReportedOnceAsStale()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        Assert.Equal(Errno.Ok, c.Close(h));
        c.Create(Page, Caching.WriteCombined);

        Assert.Equal(Errno.ENOENT, c.Begin(h, AccessFlags.Read));
        var report = Assert.Single(fx.Device.Reports);
        Assert.Equal(MisuseKind.StaleHandle, report.Kind);
    }

    [Fact]
    public void CloseEndsAnOpenWindowSoSubmitOnTheObjectIsFineAgain()
    {
        using var fx = new DeviceFixture(new DeviceOptions { Checked = true });
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create(Page, Caching.WriteCombined);
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out _));
        Assert.Equal(Errno.Ok, b.Begin(hb, AccessFlags.Read));
        Assert.Equal(Errno.EBUSY, a.Submit(TestClient.Fill(h, 0, Page, 1))); // B's window counts too
        Assert.Equal(Errno.Ok, b.Close(hb));

        Assert.Equal(Errno.Ok, a.Submit(TestClient.Fill(h, 0, Page, 2)));
        a.WaitIdle(h);
        Assert.Single(fx.Device.Reports, r => r.Kind == MisuseKind.SubmitDuringCpuAccess);
        Assert.Equal(Errno.Ok, a.Close(h));
    }
}
