using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/prime_self_import.c on the device's sharing ioctls: EXPORT gives a token where PRIME gives a
/// dma-buf fd, IMPORT takes it back (PRIME_HANDLE_TO_FD itself answers EOPNOTSUPP: no fds in process). A token
/// names its object only while a handle does (a documented choice): the subtests that keep an object alive by
/// its dma-buf alone pin that difference. basic-llseek-bad (lseek on the fd) does not map.
/// </summary>
public sealed class PrimeSelfImportTests
{
    private const ulong BoSize = 65536;

    /// <summary>Checks two handles name one object (IGT's check_bo): what one writes the other reads.</summary>
    private static void CheckBo(TestClient fd1, BoHandle handle1, TestClient fd2, BoHandle handle2)
    {
        for (byte counter = 1; counter < 4; counter++)
        {
            fd1.Write(handle1, 0, Enumerable.Repeat(counter, (int)BoSize).ToArray());
            Assert.Equal(fd1.Read(handle1, 0, (int)BoSize), fd2.Read(handle2, 0, (int)BoSize));
        }
    }

    /// <summary>
    /// prime_self_import@basic-with_one_bo: importing twice into one file gives one handle; importing into the
    /// exporter gives its own handle back; the import keeps working after the exporter closes its handle.
    /// </summary>
    [Fact]
    public void BasicWithOneBo()
    {
        using var fx = new DeviceFixture();
        var fd1 = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var handle = fd1.Create(BoSize);
        Assert.Equal(Errno.Ok, fd1.Export(handle, out ulong token));
        Assert.Equal(Errno.Ok, fd2.Import(token, out var import1, out _));
        Assert.Equal(Errno.Ok, fd2.Import(token, out var import2, out _));
        Assert.Equal(import1, import2);
        Assert.Equal(Errno.Ok, fd1.Import(token, out var self, out _));
        Assert.Equal(handle, self);
        CheckBo(fd1, handle, fd2, import1);

        Assert.Equal(Errno.Ok, fd1.GemClose(handle.Value));
        Assert.Equal(Errno.Ok, fd2.Export(import1, out ulong token2));
        Assert.Equal(token, token2); // one object, one token
        Assert.Equal(Errno.Ok, fd1.Import(token2, out var back, out _));
        Assert.Equal(Errno.Ok, fd2.Import(token2, out var again, out _));
        Assert.Equal(import1, again);
        CheckBo(fd1, back, fd2, again);
    }

    /// <summary>
    /// prime_self_import@basic-with_one_bo, its last step — a documented choice: after the last handle closes
    /// IGT re-imports from the still-open dma-buf fd; a token dies with the last handle, so IMPORT is ENOENT.
    /// </summary>
    [Fact]
    public void ReimportAfterTheLastHandle_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd1 = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var handle = fd1.Create(BoSize);
        Assert.Equal(Errno.Ok, fd1.Export(handle, out ulong token));
        Assert.Equal(Errno.Ok, fd1.GemClose(handle.Value));
        Assert.Equal(Errno.ENOENT, fd2.Import(token, out _, out _));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>prime_self_import@basic-with_one_bo_two_files: flink-opened in one file, exported and re-imported there, gives the flink handle.</summary>
    [Fact]
    public void BasicWithOneBoTwoFiles()
    {
        using var fx = new DeviceFixture();
        var fd1 = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var orig = fd1.Create(BoSize);
        Assert.Equal(Errno.Ok, fd1.Export(orig, out _));
        var opened = fd2.Open(fd1.Flink(orig));
        Assert.Equal(Errno.Ok, fd2.Export(opened, out ulong token2));
        Assert.Equal(Errno.Ok, fd2.Import(token2, out var imported, out _));
        Assert.Equal(opened, imported);
    }

    /// <summary>prime_self_import@basic-with_two_bos: two objects exported and imported one after the other, each exporter handle closed after its import.</summary>
    [Fact]
    public void BasicWithTwoBos()
    {
        using var fx = new DeviceFixture();
        var fd1 = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var handle1 = fd1.Create(BoSize);
        var handle2 = fd1.Create(BoSize);
        Assert.Equal(Errno.Ok, fd1.Export(handle1, out ulong token));
        Assert.Equal(Errno.Ok, fd2.Import(token, out var import, out _));
        Assert.Equal(Errno.Ok, fd1.GemClose(handle1.Value));
        Assert.Equal(Errno.Ok, fd1.Export(handle2, out token));
        Assert.Equal(Errno.Ok, fd2.Import(token, out var import2, out _));
        CheckBo(fd1, handle2, fd2, import2);
        Assert.Equal(Errno.Ok, fd1.GemClose(handle2.Value));
        Assert.Equal(Errno.Ok, fd2.GemClose(import.Value));
        Assert.Equal(Errno.Ok, fd2.GemClose(import2.Value));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// prime_self_import@basic-with_fd_dup — a documented choice: IGT closes the handle, dups the fd and imports
    /// through the dup (the dma-buf keeps the object). A token is a value: its copy works while a handle lives
    /// and, like the original, not after the last handle closed.
    /// </summary>
    [Fact]
    public void BasicWithFdDup_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd1 = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var handle = fd1.Create(BoSize);
        Assert.Equal(Errno.Ok, fd1.Export(handle, out ulong token));
        ulong dup = token;
        Assert.Equal(Errno.Ok, fd2.Import(dup, out var imported, out _));
        Assert.Equal(Errno.Ok, fd2.GemClose(imported.Value));
        Assert.Equal(Errno.Ok, fd1.GemClose(handle.Value));
        Assert.Equal(Errno.ENOENT, fd2.Import(dup, out _, out _)); // i915: the dup'd dma-buf still imports
    }

    /// <summary>prime_self_import@basic-llseek-size: the size an import reports is the object's, for every size (the dma-buf's lseek(SEEK_END)).</summary>
    [Fact]
    public void BasicLlseekSize()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var other = fx.OpenAsIgt();
        for (int i = 0; i < 10; i++)
        {
            ulong bufsz = 4096UL << i;
            var handle = fd.Create(bufsz);
            Assert.Equal(Errno.Ok, fd.Export(handle, out ulong token));
            Assert.Equal(Errno.Ok, other.Import(token, out var imported, out ulong size));
            Assert.Equal(bufsz, size);
            Assert.Equal(Errno.Ok, fd.GemClose(handle.Value));
            Assert.Equal(Errno.Ok, other.GemClose(imported.Value));
        }
    }

    /// <summary>
    /// prime_self_import@export-vs-gem_close-race: threads create, export handle 1 and GEM_CLOSE handle 1 at
    /// once; afterwards no object is left.
    /// </summary>
    [Fact]
    public void ExportVsGemCloseRace()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        IgtCalls.RunThreads(3, thread =>
        {
            for (int i = 0; i < 3_000; i++)
            {
                var create = TestClient.CreateArgsFor(4096);
                Assert.Equal(Errno.Ok, fd.Alloc.Create(ref create));
                if (create.Handle.Value != 1) Assert.Equal(Errno.Ok, fd.GemClose(create.Handle.Value));
                var exported = fd.Export(new BoHandle(1), out _);
                Assert.True(exported is Errno.Ok or Errno.ENOENT, $"EXPORT: {exported}");
                fd.GemClose(1);
            }
        });
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// prime_self_import@reimport-vs-gem_close-race: threads of a second file import and GEM_CLOSE the same
    /// object at once while the exporter keeps its handle; at the end, with the exporter closed, nothing is left.
    /// </summary>
    [Fact]
    public void ReimportVsGemCloseRace()
    {
        using var fx = new DeviceFixture();
        var fd0 = fx.OpenAsIgt();
        var fd1 = fx.OpenAsIgt();
        var handle = fd0.Create(BoSize);
        Assert.Equal(Errno.Ok, fd0.Export(handle, out ulong token));
        IgtCalls.RunThreads(3, thread =>
        {
            for (int i = 0; i < 3_000; i++)
            {
                Assert.Equal(Errno.Ok, fd1.Import(token, out var imported, out _));
                var closed = fd1.GemClose(imported.Value);
                Assert.True(closed is Errno.Ok or Errno.EINVAL, $"GEM_CLOSE: {closed}"); // another thread's close got there first
            }
        });
        fd1.Dispose();
        Assert.Equal(Errno.Ok, fd0.GemClose(handle.Value));
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
