using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_partial_pwrite_pread.c: partial PREADs and PWRITEs of an object the blitter (SUBMIT
/// COPY) just filled, checked through a mapping of a copy; i915's cache levels ("", -uncached, -snoop,
/// -display) become the device's caching modes (a non-coherent mapping is read inside CPU_ACCESS_BEGIN(READ),
/// where i915's GTT mapping is coherent). 200 rounds where IGT runs 1000.
/// </summary>
public sealed class GemPartialPwritePreadTests
{
    private const int BoSize = 4 * 4096;
    private const int Rounds = 200;

    private sealed class Data : IDisposable
    {
        private readonly DeviceFixture _fx = new();
        private readonly Random _random = new(1);

        public Data(Caching caching)
        {
            Fd = _fx.OpenAsIgt();
            Scratch = Fd.Create(BoSize, caching);
            Staging = Fd.Create(BoSize, caching);
            StagingMap = Fd.Map(Staging, BoSize);
        }

        public TestClient Fd { get; }
        public BoHandle Scratch { get; }
        public BoHandle Staging { get; }
        public Runtime.Channels.IMappedMemory StagingMap { get; }

        /// <summary>blt_bo_fill(): the CPU fills staging through its mapping, the blitter copies it into scratch.</summary>
        public void BltBoFill(byte val)
        {
            Assert.Equal(Errno.Ok, Fd.Begin(Staging, AccessFlags.Write));
            StagingMap.Span(0, BoSize).Fill(val);
            Assert.Equal(Errno.Ok, Fd.End(Staging, AccessFlags.Write));
            Assert.Equal(Errno.Ok, Fd.Submit(TestClient.Copy(Staging, 0, Scratch, 0, BoSize)));
        }

        /// <summary>copy_bo(scratch → staging), then staging's contents as its mapping shows them.</summary>
        public byte[] CopyBackAndMap()
        {
            Assert.Equal(Errno.Ok, Fd.Submit(TestClient.Copy(Scratch, 0, Staging, 0, BoSize)));
            Assert.Equal(Errno.Ok, Fd.Begin(Staging, AccessFlags.Read));
            var bytes = StagingMap.Span(0, BoSize).ToArray();
            Assert.Equal(Errno.Ok, Fd.End(Staging, AccessFlags.Read));
            return bytes;
        }

        public (int Start, int Len) GetRange()
        {
            int start = _random.Next(BoSize - 1);
            return (start, _random.Next(BoSize - start - 1) + 1);
        }

        public static void Verify(byte[] seen, int start, int len, byte val, byte written)
        {
            for (int j = 0; j < BoSize; j++)
            {
                byte expected = j >= start && j < start + len ? written : val;
                if (seen[j] != expected) Assert.Fail($"mismatch at {j} [{start} + {len}], got: {seen[j]}, expected: {expected}");
            }
        }

        public void Dispose()
        {
            StagingMap.Dispose();
            _fx.Dispose();
        }
    }

    /// <summary>gem_partial_pwrite_pread@reads{,-uncached,-snoop,-display}: a partial PREAD right after the fill sees the fill.</summary>
    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.Uncached)]
    [InlineData(Caching.WriteCombined)]
    public void Reads(Caching caching)
    {
        using var data = new Data(caching);
        for (int i = 0; i < Rounds; i++)
        {
            byte val = (byte)i;
            data.BltBoFill(val);
            var (start, len) = data.GetRange();
            var tmp = data.Fd.Read(data.Scratch, (ulong)start, len);
            Assert.True(tmp.AsSpan().IndexOfAnyExcept(val) < 0, $"round {i}: a partial read missed the fill");
        }
    }

    /// <summary>gem_partial_pwrite_pread@write{,...}: a partial PWRITE after the fill changes exactly its range.</summary>
    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.Uncached)]
    [InlineData(Caching.WriteCombined)]
    public void Write(Caching caching)
    {
        using var data = new Data(caching);
        for (int i = 0; i < Rounds; i++)
        {
            byte val = (byte)i, written = (byte)(i + 63);
            data.BltBoFill(val);
            var (start, len) = data.GetRange();
            data.Fd.Write(data.Scratch, (ulong)start, Enumerable.Repeat(written, len).ToArray());
            Data.Verify(data.CopyBackAndMap(), start, len, val, written);
        }
    }

    /// <summary>gem_partial_pwrite_pread@writes-after-reads{,...}: a partial read, a new fill (stale for the reader), then a partial write.</summary>
    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.Uncached)]
    [InlineData(Caching.WriteCombined)]
    public void WritesAfterReads(Caching caching)
    {
        using var data = new Data(caching);
        for (int i = 0; i < Rounds; i++)
        {
            byte val = (byte)i, written = (byte)(i + 63);
            data.BltBoFill(val);
            var (start, len) = data.GetRange();
            Assert.True(data.Fd.Read(data.Scratch, (ulong)start, len).AsSpan().IndexOfAnyExcept(val) < 0);

            val += 17;
            data.BltBoFill(val);
            (start, len) = data.GetRange();
            data.Fd.Write(data.Scratch, (ulong)start, Enumerable.Repeat(written, len).ToArray());
            Data.Verify(data.CopyBackAndMap(), start, len, val, written);
        }
    }
}
