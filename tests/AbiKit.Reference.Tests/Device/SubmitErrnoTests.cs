using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>SUBMIT's documented errors, one per test, each breaking one field of a valid baseline.</summary>
public sealed class SubmitErrnoTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>Two objects of two pages and valid arguments for each op; each test breaks one field.</summary>
    private sealed class SubmitBaseline : IDisposable
    {
        public readonly DeviceFixture Fx = new();
        public readonly TestClient C;
        public readonly BoHandle A;
        public readonly BoHandle B;

        public SubmitBaseline()
        {
            C = Fx.Open();
            A = C.Create(2 * Page);
            B = C.Create(2 * Page);
        }

        public SubmitArgs Fill() => TestClient.Fill(A, 16, 100, 0xAB);
        public SubmitArgs Copy() => TestClient.Copy(A, 0, B, Page, Page);
        public SubmitArgs Checksum() => TestClient.Checksum(A, 0, 2 * Page, B, 2 * Page - 8);

        public void Ok(SubmitArgs args)
        {
            Assert.Equal(Errno.Ok, C.Submit(args));
            C.WaitIdle(A);
            C.WaitIdle(B);
        }

        public void Dispose() => Fx.Dispose();
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    public void SubmitWithUnknownOpIsEinval(uint op)
    {
        using var s = new SubmitBaseline();
        s.Ok(s.Fill());
        var args = s.Fill();
        args.Op = (EngineOp)op;
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void SubmitWithNonZeroPadIsEinval()
    {
        using var s = new SubmitBaseline();
        s.Ok(s.Copy());
        var args = s.Copy();
        args.Pad = 1;
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void FillWithASourceHandleIsEinval()
    {
        using var s = new SubmitBaseline();
        s.Ok(s.Fill());
        var args = s.Fill();
        args.SrcHandle = s.B;
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void FillWithASourceOffsetIsEinval()
    {
        using var s = new SubmitBaseline();
        s.Ok(s.Fill());
        var args = s.Fill();
        args.SrcOffset = 8;
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void FillWithAValueAboveOneByteIsEinval()
    {
        // FILL uses only the low 8 bits of value: the rest is "a value that the op does not use".
        using var s = new SubmitBaseline();
        var args = s.Fill();
        args.Value = 0xFF;
        s.Ok(args);
        args.Value = 0x1AB;
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Theory]
    [InlineData(EngineOp.Copy)]
    [InlineData(EngineOp.Checksum)]
    public void NonFillWithAValueIsEinval(EngineOp op)
    {
        using var s = new SubmitBaseline();
        var baseline = op == EngineOp.Copy ? s.Copy() : s.Checksum();
        s.Ok(baseline);
        baseline.Value = 1;
        Assert.Equal(Errno.EINVAL, s.C.Submit(baseline));
    }

    public static TheoryData<string> OutOfRangeCases => new()
    {
        "fill dst_offset == size", "fill size > size - offset", "fill overflow",
        "copy dst_offset == size", "copy src_offset == size", "copy size past src", "copy size past dst", "copy overflow",
        "checksum dst 8 bytes past end", "checksum src past end", "checksum overflow",
    };

    [Theory]
    [MemberData(nameof(OutOfRangeCases))]
    public void RangeOutsideAnObjectIsEinval(string kase)
    {
        using var s = new SubmitBaseline();
        ulong size = 2 * Page;
        SubmitArgs args = kase.Split(' ')[0] switch
        {
            "fill" => s.Fill(),
            "copy" => s.Copy(),
            _ => s.Checksum(),
        };
        s.Ok(args);
        switch (kase)
        {
            case "fill dst_offset == size": args.DstOffset = size; args.Size = 1; break;
            case "fill size > size - offset": args.DstOffset = size - 10; args.Size = 11; break;
            case "fill overflow": args.DstOffset = ulong.MaxValue; args.Size = 2; break;
            case "copy dst_offset == size": args.DstOffset = size; args.Size = 1; break;
            case "copy src_offset == size": args.SrcOffset = size; args.Size = 1; break;
            case "copy size past src": args.SrcOffset = Page + 1; args.DstOffset = 0; args.Size = Page; break;
            case "copy size past dst": args.SrcOffset = 0; args.DstOffset = Page + 1; args.Size = Page; break;
            case "copy overflow": args.SrcOffset = 1; args.Size = ulong.MaxValue; break;
            case "checksum dst 8 bytes past end": args.DstOffset = size - 7; break;
            case "checksum src past end": args.SrcOffset = 1; break;
            case "checksum overflow": args.SrcOffset = ulong.MaxValue; args.Size = 2; break;
            default: throw new ArgumentOutOfRangeException(nameof(kase));
        }
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void OverlappingCopyWithinOneObjectIsEinval()
    {
        using var s = new SubmitBaseline();
        var args = TestClient.Copy(s.A, 0, s.A, Page, Page); // adjacent, not overlapping
        s.Ok(args);

        args = TestClient.Copy(s.A, 0, s.A, Page - 1, Page);
        Assert.Equal(Errno.EINVAL, s.C.Submit(args));
    }

    [Fact]
    public void CopyOntoItselfIsEinval()
    {
        using var s = new SubmitBaseline();
        s.Ok(TestClient.Copy(s.A, Page, s.A, 0, Page));
        Assert.Equal(Errno.EINVAL, s.C.Submit(TestClient.Copy(s.A, 16, s.A, 16, 32)));
    }

    [Fact]
    public void EngineCommandsDoWhatTheAbiSays()
    {
        using var s = new SubmitBaseline();
        s.Ok(TestClient.Fill(s.A, 100, 50, 0x7e));
        var a = s.C.Read(s.A, 0, (int)(2 * Page));
        Assert.All(a.AsSpan(0, 100).ToArray(), b => Assert.Equal(0, b));
        Assert.All(a.AsSpan(100, 50).ToArray(), b => Assert.Equal(0x7e, b));
        Assert.All(a.AsSpan(150).ToArray(), b => Assert.Equal(0, b));

        s.Ok(TestClient.Copy(s.A, 90, s.B, 1000, 70));
        Assert.Equal(a.AsSpan(90, 70).ToArray(), s.C.Read(s.B, 1000, 70));

        s.Ok(TestClient.Checksum(s.A, 0, 2 * Page, s.B, 8));
        Assert.Equal(Fnv1a(a), BitConverter.ToUInt64(s.C.Read(s.B, 8, 8)));
    }

    /// <summary>64-bit FNV-1a, written out independently of the device's.</summary>
    internal static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
