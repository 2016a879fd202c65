using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Conformance.Tests;

/// <summary>
/// Deliberately broken devices: each breaks one rule the suite checks, to show that the cases checking that
/// rule fail (a case that passes whatever the device does checks nothing).
/// </summary>
public static class Mutants
{
    /// <summary>An ordinary driver's answer to unknown requests: ENOTTY where drm_ioctl() says EINVAL.</summary>
    public static IServedDevice EnottyForEinval(IServedDevice device) => new Mutant(device, (file, request, argument) =>
    {
        var result = file.Ioctl(request, argument);
        return result == Errno.EINVAL ? Errno.ENOTTY : result;
    });

    /// <summary>Nothing copied back to the caller when the handler fails (drm_ioctl() copies back regardless).</summary>
    public static IServedDevice NoCopyBackOnError(IServedDevice device) => new Mutant(device, (file, request, argument) =>
    {
        byte[] before = argument.ToArray();
        var result = file.Ioctl(request, argument);
        if (result != Errno.Ok) before.CopyTo(argument);
        return result;
    });

    /// <summary>
    /// What the caller did not send is not zero-filled: for a request without _IOC_WRITE the handler sees stale
    /// bytes where drm_ioctl() gives it zeros.
    /// </summary>
    public static IServedDevice NoZeroFill(IServedDevice device) => new Mutant(device, (file, request, argument) =>
    {
        const uint IocWrite = 1u << 30;
        if ((request & IocWrite) != 0 || argument.Length == 0) return file.Ioctl(request, argument);
        argument.Fill(0xA5);
        return file.Ioctl(request | IocWrite, argument); // stale bytes are "copied in"
    });

    /// <summary>Every file opened as a primary-node file: the render node's DRM_RENDER_ALLOW rule is gone.</summary>
    public static IServedDevice RenderNodeAsPrimary(IServedDevice device) => new Mutant(device, null, DrmNode.Primary);

    /// <summary>Every opener treated as CAP_SYS_ADMIN: every primary-node file is authenticated.</summary>
    public static IServedDevice EveryoneAuthenticated(IServedDevice device) => new Mutant(device, null, null, sysAdmin: true);

    private delegate Errno IoctlMutation(IServedFile file, uint request, Span<byte> argument);

    private sealed class Mutant(IServedDevice inner, IoctlMutation? ioctl, DrmNode? node = null, bool sysAdmin = false) : IServedDevice
    {
        public DriverIdentity Identity => inner.Identity;

        public IServedFile Open(DrmNode opened, NodeCaller caller)
        {
            var file = inner.Open(node ?? opened, sysAdmin ? caller with { HasSysAdmin = true } : caller);
            return ioctl is null ? file : new MutantFile(file, ioctl);
        }
    }

    private sealed class MutantFile(IServedFile inner, IoctlMutation ioctl) : IServedFile
    {
        public Errno Ioctl(uint request, Span<byte> argument) => ioctl(inner, request, argument);

        public Errno ReadMapping(ulong offset, Span<byte> destination) => inner.ReadMapping(offset, destination);

        public Errno WriteMapping(ulong offset, ReadOnlySpan<byte> source) => inner.WriteMapping(offset, source);

        public void BeforeIoctl(uint request, ReadOnlySpan<byte> argument, ICpuCache cache) => inner.BeforeIoctl(request, argument, cache);

        public void AfterIoctl(uint request, ReadOnlySpan<byte> argument, Errno result, ICpuCache cache) => inner.AfterIoctl(request, argument, result, cache);

        public void Dispose() => inner.Dispose();
    }
}
