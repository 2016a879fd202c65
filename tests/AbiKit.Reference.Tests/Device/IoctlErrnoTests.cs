using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// The documented errors of the remaining ioctls, one per test, each after the same call succeeded from a
/// valid baseline.
/// </summary>
public sealed class IoctlErrnoTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    // ---- MMAP_OFFSET ----

    [Fact]
    public void MmapOffsetWithNonZeroFlagsIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var args = new MmapOffsetArgs { Handle = h };
        Assert.Equal(Errno.Ok, c.Alloc.MmapOffset(ref args));
        Assert.NotEqual(0UL, args.Offset);
        Assert.Equal(0UL, args.Offset % Page);

        args = new MmapOffsetArgs { Handle = h, Flags = 1 };
        Assert.Equal(Errno.EINVAL, c.Alloc.MmapOffset(ref args));
    }

    [Fact]
    public void MmapOffsetIsStableForTheObjectAndDistinctPerObject()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var a = c.Create(2 * Page);
        var b = c.Create();
        Assert.Equal(Errno.Ok, c.MmapOffset(a, out ulong first));
        Assert.Equal(Errno.Ok, c.MmapOffset(a, out ulong again));
        Assert.Equal(Errno.Ok, c.MmapOffset(b, out ulong other));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void MapChecksItsOffsetAndLength()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(2 * Page);
        Assert.Equal(Errno.Ok, c.MmapOffset(h, out ulong offset));
        Assert.Equal(Errno.Ok, c.Channel.Map(offset, Page, out var prefix)); // a prefix is fine
        prefix!.Dispose();

        Assert.Equal(Errno.EINVAL, c.Channel.Map(offset, 0, out _));
        Assert.Equal(Errno.EINVAL, c.Channel.Map(offset, 2 * Page + 1, out _));
        Assert.Equal(Errno.EINVAL, c.Channel.Map(offset + Page, Page, out _)); // not an object's offset
    }

    // ---- PIN / UNPIN ----

    [Fact]
    public void PinOverThePinLimitIsEnomem()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 2 * Page });
        var c = fx.Open();
        var a = c.Create(Page);
        var b = c.Create(Page);
        var x = c.Create(Page);
        Assert.Equal(Errno.Ok, c.GetParam(Param.PinLimit, out ulong limit));
        Assert.Equal(2 * Page, limit);
        Assert.Equal(Errno.Ok, c.Pin(a));
        Assert.Equal(Errno.Ok, c.Pin(b));

        Assert.Equal(Errno.ENOMEM, c.Pin(x));
    }

    [Fact]
    public void PinsNestAndAreChargedOnce()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = Page });
        var c = fx.Open();
        var a = c.Create(Page);
        var b = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Pin(a));
        Assert.Equal(Errno.Ok, c.Pin(a)); // nested: no second charge
        Assert.Equal(Errno.ENOMEM, c.Pin(b));
        Assert.Equal(Errno.Ok, c.Unpin(a));
        Assert.Equal(Errno.ENOMEM, c.Pin(b)); // one pin left on a: still charged
        Assert.Equal(Errno.Ok, c.Unpin(a));
        Assert.Equal(Errno.Ok, c.Pin(b));      // charge released with the last unpin
    }

    [Fact]
    public void ClosingAPinnedHandleReleasesItsCharge()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = Page });
        var c = fx.Open();
        var a = c.Create(Page);
        var b = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Pin(a));
        Assert.Equal(Errno.ENOMEM, c.Pin(b));
        Assert.Equal(Errno.Ok, c.Close(a));
        Assert.Equal(Errno.Ok, c.Pin(b));
    }

    [Fact]
    public void PinWithNonZeroPadIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        Assert.Equal(Errno.Ok, c.Pin(h));
        var args = new PinArgs { Handle = h, Pad = 1 };
        Assert.Equal(Errno.EINVAL, c.Alloc.Pin(ref args));
    }

    [Fact]
    public void UnpinWithoutPinIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        Assert.Equal(Errno.Ok, c.Pin(h));
        Assert.Equal(Errno.Ok, c.Unpin(h));

        Assert.Equal(Errno.EINVAL, c.Unpin(h));
    }

    [Fact]
    public void UnpinOfAnotherClientsPinIsEinval()
    {
        // Pins are counted per handle: B cannot drop A's pin on a shared object.
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out _));
        Assert.Equal(Errno.Ok, b.Pin(hb));
        Assert.Equal(Errno.Ok, b.Unpin(hb));
        Assert.Equal(Errno.Ok, a.Pin(h));

        Assert.Equal(Errno.EINVAL, b.Unpin(hb));
    }

    // ---- CPU_ACCESS_BEGIN / END ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CpuAccessWithNeitherReadNorWriteIsEinval(bool begin)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        Assert.Equal(Errno.Ok, begin ? c.Begin(h, AccessFlags.Read) : c.End(h, AccessFlags.Read));

        Assert.Equal(Errno.EINVAL, begin ? c.Begin(h, 0) : c.End(h, 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CpuAccessWithUnknownFlagBitIsEinval(bool begin)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create(Page, Caching.WriteCombined);
        var flags = AccessFlags.Read | AccessFlags.Write;
        Assert.Equal(Errno.Ok, begin ? c.Begin(h, flags) : c.End(h, flags));

        flags |= (AccessFlags)4;
        Assert.Equal(Errno.EINVAL, begin ? c.Begin(h, flags) : c.End(h, flags));
    }

    // ---- MADVISE ----

    [Fact]
    public void MadviseWithUnknownAdviceIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        Assert.Equal(Errno.Ok, c.Madvise(h, Advice.Dontneed, out uint retained));
        Assert.Equal(0u, retained); // no pages yet: truncated by the advice itself, as i915

        Assert.Equal(Errno.EINVAL, c.Madvise(h, (Advice)2, out _));
    }

    // ---- WAIT / BUSY ----

    [Fact]
    public void WaitWithUnknownFlagIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        long timeout = 0;
        Assert.Equal(Errno.Ok, c.Wait(h, ref timeout, WaitFlags.Absolute));

        timeout = 0;
        Assert.Equal(Errno.EINVAL, c.Wait(h, ref timeout, (WaitFlags)2));
    }

    [Fact]
    public void WaitWithTimeoutZeroOnABusyObjectIsEtime()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        long timeout = 0;
        Assert.Equal(Errno.Ok, c.Wait(h, ref timeout)); // idle: a poll succeeds

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        timeout = 0;
        Assert.Equal(Errno.ETIME, c.Wait(h, ref timeout));
        Assert.Equal(0, timeout);
        fx.Device.ResumeEngine();
    }

    [Fact]
    public void WaitWithASmallRelativeTimeoutOnABusyObjectIsEtimeAndLeavesZero()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));

        long timeout = 2_000_000; // 2 ms
        Assert.Equal(Errno.ETIME, c.Wait(h, ref timeout));
        Assert.Equal(0, timeout); // the time remaining, so a restart continues with nothing left
        fx.Device.ResumeEngine();
    }

    [Fact]
    public void WaitWithAnAbsoluteDeadlineInThePastIsEtimeAndLeavesTheDeadline()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));

        long deadline = 1; // CLOCK_MONOTONIC 1 ns: long past
        Assert.Equal(Errno.ETIME, c.Wait(h, ref deadline, WaitFlags.Absolute));
        Assert.Equal(1, deadline);
        fx.Device.ResumeEngine();
    }

    [Fact]
    public void WaitSucceedsOnceTheEngineResumes()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        long timeout = 0;
        Assert.Equal(Errno.ETIME, c.Wait(h, ref timeout));

        fx.Device.ResumeEngine();
        timeout = TestClient.IdleBoundNs;
        Assert.Equal(Errno.Ok, c.Wait(h, ref timeout));
        Assert.InRange(timeout, 0, TestClient.IdleBoundNs);
        Assert.All(c.Read(h, 0, (int)Page), b => Assert.Equal(0xAB, b));
    }

    [Fact]
    public void WaitForeverAndWaitUntilAFutureDeadlineSucceedAndLeaveTheirTimeouts()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xAB)));
        fx.Device.ResumeEngine();

        long forever = -1;
        Assert.Equal(Errno.Ok, c.Wait(h, ref forever));
        Assert.Equal(-1, forever);

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 0xCD)));
        long deadline = ReferenceDevice.MonotonicNs() + TestClient.IdleBoundNs;
        long given = deadline;
        Assert.Equal(Errno.Ok, c.Wait(h, ref deadline, WaitFlags.Absolute));
        Assert.Equal(given, deadline);
        Assert.All(c.Read(h, 0, (int)Page), b => Assert.Equal(0xCD, b));
    }

    [Fact]
    public void BusyReportsOneWhileWorkIsPendingThenZero()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        var other = c.Create();
        Assert.Equal(Errno.Ok, c.Busy(h, out uint busy));
        Assert.Equal(0u, busy);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(h, 0, Page, 1)));
        Assert.Equal(Errno.Ok, c.Busy(h, out busy));
        Assert.Equal(1u, busy);
        Assert.Equal(Errno.Ok, c.Busy(other, out busy));
        Assert.Equal(0u, busy); // only the objects the work touches are busy

        fx.Device.ResumeEngine();
        c.WaitIdle(h);
        Assert.Equal(Errno.Ok, c.Busy(h, out busy));
        Assert.Equal(0u, busy);
    }

    [Fact]
    public void CopyKeepsTheSourceBusyToo()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var src = c.Create();
        var dst = c.Create();
        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(src, 0, dst, 0, Page)));
        Assert.Equal(Errno.Ok, c.Busy(src, out uint busy));
        Assert.Equal(1u, busy);
        fx.Device.ResumeEngine();
        c.WaitIdle(src);
        c.WaitIdle(dst);
    }

    // ---- GET_PARAM ----

    [Fact]
    public void GetParamReportsTheOptions()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MaxObjectSize = 1 << 20, PinLimit = 1 << 16 });
        var c = fx.Open();
        Assert.Equal(Errno.Ok, c.GetParam(Param.PageSize, out ulong value));
        Assert.Equal(Page, value);
        Assert.Equal(Errno.Ok, c.GetParam(Param.MaxObjectSize, out value));
        Assert.Equal(1UL << 20, value);
        Assert.Equal(Errno.Ok, c.GetParam(Param.PinLimit, out value));
        Assert.Equal(1UL << 16, value);
        Assert.Equal(Errno.Ok, c.GetParam(Param.HasExport, out value));
        Assert.Equal(1UL, value);
        Assert.Equal(Errno.Ok, c.GetParam(Param.HasUserptr, out value));
        Assert.Equal(1UL, value);
    }

    [Theory]
    [InlineData(0u)]  // params start at 1, so a zero-filled argument is rejected
    [InlineData(6u)]
    [InlineData(uint.MaxValue)]
    public void GetParamWithUnknownParamIsEinval(uint param)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.Ok, c.GetParam(Param.PageSize, out _));

        Assert.Equal(Errno.EINVAL, c.GetParam((Param)param, out _));
    }

    [Fact]
    public void GetParamWithNonZeroPadIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var args = new GetParamArgs { Param = Param.PageSize };
        Assert.Equal(Errno.Ok, c.Alloc.GetParam(ref args));
        args = new GetParamArgs { Param = Param.PageSize, Pad = 1 };
        Assert.Equal(Errno.EINVAL, c.Alloc.GetParam(ref args));
    }

    // ---- USERPTR (supported: HAS_USERPTR is 1; its other errors are in Userptr/UserptrErrnoTests) ----

    [Fact]
    public unsafe void UserptrIsSupportedAndAnUnmappedRangeIsEfault()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.Ok, c.GetParam(Param.HasUserptr, out ulong has));
        Assert.Equal(1UL, has);
        void* memory = System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)Page, (nuint)Page);
        try
        {
            var args = new UserptrArgs { UserPtr = (ulong)memory, UserSize = Page };
            Assert.Equal(Errno.Ok, c.Alloc.Userptr(ref args));
            Assert.NotEqual(0u, args.Handle.Value);
            Assert.Equal(Errno.Ok, c.Close(args.Handle));

            // The page at address 4096 is never mapped: no longer ENODEV, but EFAULT — with PROBE at once, without
            // at first use (as i915).
            args = new UserptrArgs { UserPtr = Page, UserSize = Page, Flags = UserptrFlags.Probe };
            Assert.Equal(Errno.EFAULT, c.Alloc.Userptr(ref args));
            AbiKit.Reference.Tests.Userptr.UserptrCalls.EfaultAtFirstUse(c, new UserptrArgs { UserPtr = Page, UserSize = Page });
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree(memory);
        }
    }

    // ---- EXPORT / IMPORT ----

    [Fact]
    public void ExportWithNonZeroFlagsIsEinval()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var h = c.Create();
        Assert.Equal(Errno.Ok, c.Export(h, out _));
        var args = new ExportArgs { Handle = h, Flags = 1 };
        Assert.Equal(Errno.EINVAL, c.Alloc.Export(ref args));
    }

    [Fact]
    public void ImportOfTokenZeroIsEnoent()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        Assert.Equal(Errno.Ok, a.Export(a.Create(), out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out _, out _));

        Assert.Equal(Errno.ENOENT, b.Import(0, out _, out _));
    }

    [Fact]
    public void ImportOfAnUnknownTokenIsEnoent()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        Assert.Equal(Errno.Ok, a.Export(a.Create(), out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out _, out _));

        ulong guess = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        if (guess == token) guess ^= 1;
        Assert.Equal(Errno.ENOENT, b.Import(guess, out _, out _));
    }

    [Fact]
    public void ImportOfADestroyedObjectsTokenIsEnoent()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var h = a.Create();
        Assert.Equal(Errno.Ok, a.Export(h, out ulong token));
        Assert.Equal(Errno.Ok, b.Import(token, out var hb, out _));
        Assert.Equal(Errno.Ok, b.Close(hb));
        Assert.Equal(Errno.Ok, a.Close(h));
        Assert.Equal(0, fx.Device.ObjectCount);

        Assert.Equal(Errno.ENOENT, b.Import(token, out _, out _));
    }

    [Fact]
    public void ImportWithNonZeroPadIsEinval()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        Assert.Equal(Errno.Ok, a.Export(a.Create(), out ulong token));
        var args = new ImportArgs { Token = token };
        Assert.Equal(Errno.Ok, a.Alloc.Import(ref args));
        args = new ImportArgs { Token = token, Pad = 1 };
        Assert.Equal(Errno.EINVAL, a.Alloc.Import(ref args));
    }
}
