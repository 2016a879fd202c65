using AbiKit.Interop.Alloc;

namespace AbiKit.Reference.Tests.Device;

/// <summary>Reports name requests as the spec does, through the dispatch table rather than literals.</summary>
public sealed class IoctlNameTests
{
    [Fact]
    public void TheTableNamesEachRequestAsTheSpecDoes()
    {
        Assert.Equal("DRM_IOCTL_ABIKIT_SUBMIT", ReferenceDevice.Table.NameOf(AllocIoctls.Submit));
        Assert.Equal("DRM_IOCTL_ABIKIT_CPU_ACCESS_BEGIN", ReferenceDevice.Table.NameOf(AllocIoctls.CpuAccessBegin));
        Assert.Equal("0xc00864ff", ReferenceDevice.Table.NameOf(0xc00864ffu)); // no entry at that number
    }
}
