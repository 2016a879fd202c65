using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/intel/gem_close.c (execbuf replaced by SUBMIT, the device's only way to use an object on the engine).</summary>
public sealed class GemCloseTests
{
    /// <summary>gem_close@basic: close what was just created.</summary>
    [Fact]
    public void Basic()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, fd.GemClose(fd.Create(4096).Value));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_close@many-handles-one-vma: 128 GEM_OPEN clones of one object in one file all work; closing the
    /// original leaves the clones working, each until it is closed (then ENOENT). The execbuf duplicate check
    /// has no counterpart (SUBMIT names at most two objects, and may name one twice).
    /// </summary>
    [Fact]
    public void ManyHandlesOneVma()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var original = fd.Create(4096);
        Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(original, 0, 4, 1)));
        var clones = new BoHandle[128];
        for (int i = 0; i < clones.Length; i++)
        {
            clones[i] = fd.Open(fd.Flink(original));
            Assert.NotEqual(original, clones[i]);
            Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(clones[i], 0, 4, 2)));
        }
        Assert.Equal(clones.Length, clones.Distinct().Count());

        Assert.Equal(Errno.Ok, fd.GemClose(original.Value));
        Assert.Equal(Errno.ENOENT, fd.Submit(TestClient.Fill(original, 0, 4, 3)));
        foreach (var clone in clones)
        {
            Assert.Equal(Errno.Ok, fd.Submit(TestClient.Fill(clone, 0, 4, 4)));
            fd.WaitIdle(clone);
            Assert.Equal(Errno.Ok, fd.GemClose(clone.Value));
            Assert.Equal(Errno.ENOENT, fd.Submit(TestClient.Fill(clone, 0, 4, 5)));
        }
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_close@many-handles-one-vma, for mappings: the clones stay operational after the original closes, and
    /// mapping is an operation — the kernel allows a file to map an object while it holds any handle to it
    /// (drm_vma_node_allow is counted per handle), so closing one of two handles must not revoke it.
    /// </summary>
    [Fact]
    public void ManyHandlesOneVma_AClonesFileStillMapsAfterTheOriginalCloses()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var original = fd.Create(4096);
        var clone = fd.Open(fd.Flink(original));
        Assert.Equal(Errno.Ok, fd.MmapOffset(original, out ulong offset));
        Assert.Equal(Errno.Ok, fd.GemClose(original.Value));
        Assert.Equal(Errno.Ok, fd.MmapOffset(clone, out ulong cloneOffset));
        Assert.Equal(offset, cloneOffset);
        Assert.Equal(Errno.Ok, fd.Channel.Map(cloneOffset, 4096, out var mapping));
        mapping!.Dispose();
        Assert.Equal(Errno.Ok, fd.Export(clone, out ulong token));
        Assert.Equal(Errno.Ok, fd.Import(token, out var imported, out _));
        Assert.Equal(clone, imported); // the file's handle for it, not a third one
        Assert.Equal(Errno.Ok, fd.GemClose(clone.Value));
        Assert.Equal(Errno.EINVAL, fd.Channel.Map(cloneOffset, 4096, out _)); // the object went with its last handle
    }
}
