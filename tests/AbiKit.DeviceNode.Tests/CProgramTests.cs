using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>
/// Unmodified C programs, each a separate process, drive the served reference device with open(2), ioctl(2),
/// mmap(2) and close(2). Needs root and /dev/fuse (as CI has); a missing one fails with a message saying so.
/// </summary>
public sealed class CProgramTests(CPrograms programs) : IClassFixture<CPrograms>
{
    [Theory]
    [InlineData("basic")]          // CREATE, PWRITE/PREAD round trip, drm_ioctl() errors, EFAULT for bad pointers
    [InlineData("mmap")]           // mmap at MMAP_OFFSET maps exactly that object; another client's offset faults
    [InlineData("noncoherent")]    // stale data without CPU_ACCESS_BEGIN/END on WC and UNCACHED objects, fresh with them
    [InlineData("export_import")]  // EXPORT in one process, IMPORT in another
    [InlineData("fdpass")]         // the fd passed over a Unix socket (SCM_RIGHTS) keeps working
    [InlineData("fork")]           // a forked child uses the inherited fd with its own user memory
    [InlineData("close_inflight")] // close(2) while another thread is inside an ioctl
    [InlineData("many_objects")]   // 100,000 objects without the client's fd count growing
    [InlineData("userptr")]        // USERPTR of the program's malloc'd and mmap'd memory: read-only, probe, unaligned, unmapped
    [InlineData("hostile")]        // random request codes and random argument bytes: errnos, and the node keeps serving
    [InlineData("threads")]        // four threads of one client: create, PWRITE, map, BEGIN/END, engine, munmap, close at once
    public void Program_passes_against_the_served_reference_device(string name)
    {
        string program = programs.Build(name);
        using var served = new ServedReference();
        var run = CPrograms.Run(program, served.NodePath);
        Assert.Equal("ok", run.StandardOutput.Trim());
        Assert.Empty(served.Faults);
    }

    [Fact]
    public void Libdrm_drmGetVersion_drmGetCap_and_drmIoctl_work_unmodified()
    {
        string program = programs.Build("libdrm_version", "-DUSE_LIBDRM", "-I", NativeToolchain.LibDrmIncludeDirectory);
        using var served = new ServedReference();
        var run = CPrograms.Run(program, served.NodePath);
        Assert.Equal("ok", run.StandardOutput.Trim());
    }

    [Fact]
    public void Every_client_is_released_after_its_programs_exit()
    {
        string program = programs.Build("fdpass");
        using var served = new ServedReference();
        CPrograms.Run(program, served.NodePath);
        // RELEASE is asynchronous to close(2): the kernel sends it after the last reference drops.
        SpinWait.SpinUntil(() => served.Server.ClientCount == 0 && served.Device.ObjectCount == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0, served.Server.ClientCount);
        Assert.Equal(0, served.Device.ObjectCount);
    }
}
