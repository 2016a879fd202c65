using System.Buffers.Binary;
using System.Text;
using AbiKit.Runtime;
using AbiKit.Runtime.Nodes;

namespace AbiKit.DeviceNode;

/// <summary>
/// The DRM core ioctl a node answers itself, as drm_ioctl.c does for every driver: DRM_IOCTL_VERSION (what
/// libdrm's drmGetVersion asks first), whose struct holds pointers and size_t and so has no place in a spec.
/// Everything else — GET_CAP, authentication, GEM, PRIME, dumb buffers (drm-core.abi.json) and the driver's
/// own ioctls — goes to the device's dispatch table.
/// </summary>
internal static class DrmCore
{
    /// <summary>DRM_IOCTL_VERSION: _IOWR('d', 0x00, struct drm_version) (64 bytes on 64-bit ABIs).</summary>
    public const uint Version = 0xC0406400;

    /// <summary>Answers <paramref name="request"/> when it is a core ioctl; false hands it to the device.</summary>
    public static bool TryHandle(DriverIdentity identity, uint request, Span<byte> argument, out Errno result)
    {
        if (request == Version)
        {
            result = VersionIoctl(identity, argument);
            return true;
        }
        result = Errno.Ok;
        return false;
    }

    // struct drm_version { int major, minor, patchlevel; size_t name_len; char *name; size_t date_len;
    // char *date; size_t desc_len; char *desc; }
    private static Errno VersionIoctl(DriverIdentity identity, Span<byte> arg)
    {
        BinaryPrimitives.WriteInt32LittleEndian(arg, identity.Major);
        BinaryPrimitives.WriteInt32LittleEndian(arg[4..], identity.Minor);
        BinaryPrimitives.WriteInt32LittleEndian(arg[8..], identity.Patch);
        var result = CopyField(arg[16..], identity.Name);
        if (result == Errno.Ok) result = CopyField(arg[32..], identity.Date);
        if (result == Errno.Ok) result = CopyField(arg[48..], identity.Description);
        return result;
    }

    /// <summary>drm_copy_field(): copies at most the caller's length, then reports the full length.</summary>
    private static Errno CopyField(Span<byte> field, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        ulong capacity = BinaryPrimitives.ReadUInt64LittleEndian(field);
        ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(field[8..]);
        int length = (int)Math.Min(capacity, (ulong)bytes.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(field, (ulong)bytes.Length);
        if (length > 0 && pointer != 0) return CallerMemory.Write(pointer, bytes.AsSpan(0, length));
        return Errno.Ok;
    }
}
