using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_pread_after_blit.c: PREAD right after a blit (SUBMIT COPY), with no wait in between,
/// reads what the blit wrote — whole-object reads and page-sized ones (Mesa's software fallbacks), one or two
/// blits in flight, in both orders. i915's cache levels (default, uncached, snooped, display) become the
/// device's caching modes. Not mapped: -interruptible (a signal helper interrupting ioctls: nothing interrupts
/// an in-process call) and -hang (GPU hang).
/// </summary>
public sealed class GemPreadAfterBlitTests
{
    private const int Size = 1024 * 1024;

    private static BoHandle CreateBo(TestClient fd, uint start)
    {
        var handle = fd.Create(Size);
        var words = new byte[Size];
        for (int i = 0; i < Size / 4; i++) BitConverter.TryWriteBytes(words.AsSpan(i * 4), start + (uint)i);
        fd.Write(handle, 0, words);
        return handle;
    }

    private static void VerifyLargeRead(TestClient fd, BoHandle handle, uint val)
    {
        var bytes = fd.Read(handle, 0, Size);
        for (int i = 0; i < Size / 4; i++, val++)
        {
            uint word = BitConverter.ToUInt32(bytes, i * 4);
            if (word != val) Assert.Fail($"Unexpected value 0x{word:x8} instead of 0x{val:x8} at offset 0x{i * 4:x8}");
        }
    }

    private static void VerifySmallRead(TestClient fd, BoHandle handle, uint val)
    {
        const int Page = 4096;
        for (int offset = 0; offset < Size; offset += Page)
        {
            var bytes = fd.Read(handle, (ulong)offset, Page);
            for (int i = 0; i < Page; i += 4, val++)
                Assert.Equal(val, BitConverter.ToUInt32(bytes, i));
        }
    }

    /// <summary>gem_pread_after_blit@{default,uncached,snooped,display}-normal.</summary>
    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.Uncached)]
    [InlineData(Caching.WriteCombined)]
    public void Normal(Caching caching)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        uint[] start = { 0, 1024 * 1024 / 4 };
        BoHandle[] src = { CreateBo(fd, start[0]), CreateBo(fd, start[1]) };
        BoHandle[] tmp = { fd.Create(Size, caching), fd.Create(Size, caching) };
        void Copy(int from, int to) => Assert.Equal(Errno.Ok, fd.Submit(TestClient.Copy(src[from], 0, tmp[to], 0, Size)));

        Copy(0, 0);
        VerifyLargeRead(fd, tmp[0], start[0]);
        Copy(1, 0);
        VerifyLargeRead(fd, tmp[0], start[1]);

        Copy(0, 0);
        VerifySmallRead(fd, tmp[0], start[0]);
        Copy(1, 0);
        VerifySmallRead(fd, tmp[0], start[1]);

        Copy(0, 0);
        VerifyLargeRead(fd, tmp[0], start[0]);

        Copy(0, 0);
        Copy(1, 1);
        VerifyLargeRead(fd, tmp[0], start[0]);
        VerifyLargeRead(fd, tmp[1], start[1]);

        Copy(0, 0);
        Copy(1, 1);
        VerifyLargeRead(fd, tmp[1], start[1]);
        VerifyLargeRead(fd, tmp[0], start[0]);

        Copy(0, 1);
        Copy(1, 0);
        VerifyLargeRead(fd, tmp[0], start[1]);
        VerifyLargeRead(fd, tmp[1], start[0]);
    }
}
