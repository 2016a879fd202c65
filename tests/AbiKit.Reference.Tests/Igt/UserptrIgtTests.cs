using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT gem_userptr_blits' expectations of USERPTR, kept as i915 has them.</summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class UserptrIgtTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Theory]
    [InlineData(0u)]
    [InlineData((uint)UserptrFlags.Probe)]
    public void WriteOnlyMemoryIsAcceptedAndTheEngineWritesIt(uint flags)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2, UserPages.ProtWrite);
        // i915 pins with FOLL_WRITE, which PROT_WRITE alone allows.
        var bo = c.WrapUser(mem.Address, 2 * Page, (UserptrFlags)flags);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(bo, 0, 2 * Page, 0x6B)));
        c.WaitIdle(bo);
        mem.Protect(0, 2, UserPages.ProtRead | UserPages.ProtWrite);
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x6B, b));
        Assert.Equal(Errno.Ok, c.Close(bo));
    }

    [Fact]
    public void TheEngineCannotReadWriteOnlyMemory_AnIntendedDifference()
    {
        // i915's GPU reads pages it pinned for writing; this engine reads user memory with process_vm_readv,
        // which needs PROT_READ. Documented in docs/runtime.md: reading such an object is EFAULT at SUBMIT.
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1, UserPages.ProtWrite);
        var bo = c.WrapUser(mem.Address, Page);
        var into = c.Create(Page);
        Assert.Equal(Errno.EFAULT, c.Submit(TestClient.Copy(bo, 0, into, 0, Page)));
        Assert.Equal(Errno.Ok, c.Close(bo));
    }

    [Fact]
    public void WithoutProbeMissingMemoryIsEfaultAtFirstUseAndUsableOnceThere()
    {
        // Mesa's probe idiom before I915_USERPTR_PROBE: create, then set_domain; EFAULT means "not usable".
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        mem.Protect(0, 2, UserPages.ProtNone);
        Assert.Equal(Errno.EFAULT, c.Userptr(mem.Address, 2 * Page, UserptrFlags.Probe, out _));
        var bo = c.WrapUser(mem.Address, 2 * Page); // without PROBE: accepted
        Assert.Equal(Errno.EFAULT, c.Begin(bo, AccessFlags.Write));
        Assert.Equal(Errno.EFAULT, c.Submit(TestClient.Fill(bo, 0, 2 * Page, 1)));

        // The memory appears: the next use pins it and works.
        mem.Protect(0, 2, UserPages.ProtRead | UserPages.ProtWrite);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(bo, 0, 2 * Page, 0x3C)));
        c.WaitIdle(bo);
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x3C, b));
        Assert.Contains("lo", UserPages.VmFlagsAt(mem.Address)); // pinned at first use, as i915's get_pages
        Assert.Equal(Errno.Ok, c.Close(bo));
        Assert.DoesNotContain("lo", UserPages.VmFlagsAt(mem.Address));
        Assert.Equal(0UL, c.PinnedBytes());
    }

    [Fact]
    public void AKernelAddressIsEfaultEvenWithoutProbe()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        Assert.Equal(Errno.EFAULT, c.Userptr(0xffff_8000_0000_0000, Page, 0, out _)); // access_ok()
    }
}
