using AbiKit.Model;

namespace AbiKit.Runtime.Dispatch;

/// <summary>Which DRM device node a file was opened on.</summary>
public enum DrmNode
{
    /// <summary>/dev/dri/cardN: authentication and master rules apply.</summary>
    Primary,
    /// <summary>/dev/dri/renderDN: only ioctls flagged DRM_RENDER_ALLOW are permitted.</summary>
    Render,
}

/// <summary>
/// One open file of a device: the unit that owns handles and whose permissions drm_ioctl_permit() checks.
/// A device keeps its per-file state in <see cref="DriverState"/>.
/// </summary>
public class DrmFile
{
    /// <summary>Creates a file on <paramref name="node"/>.</summary>
    public DrmFile(DrmNode node = DrmNode.Render) => Node = node;

    /// <summary>The node it was opened on.</summary>
    public DrmNode Node { get; }

    /// <summary>Authenticated by the master (primary nodes).</summary>
    public bool Authenticated { get; set; }

    /// <summary>The current DRM master.</summary>
    public bool IsMaster { get; set; }

    /// <summary>The caller has CAP_SYS_ADMIN.</summary>
    public bool HasSysAdmin { get; set; }

    /// <summary>The device's per-file state.</summary>
    public object? DriverState { get; set; }

    /// <summary>Checked mode's view of the file (<see cref="Checked.CheckedMode.Attach"/>); null when unchecked.</summary>
    internal Checked.CheckedFile? Checked { get; set; }

    /// <summary>True when checked mode watches this file's requests.</summary>
    public bool IsChecked => Checked is not null;

    // DrmAuthentication's state: the master this file was opened under, and its GET_MAGIC token.
    internal object? MasterState { get; set; }

    internal uint Magic { get; set; }

    /// <summary>
    /// drm_ioctl_permit(): root-only, then auth (unless a render client), then master, then render nodes deny
    /// whatever is not DRM_RENDER_ALLOW. Each failure is EACCES.
    /// </summary>
    public bool Permits(IoctlPermissions flags)
    {
        if ((flags & IoctlPermissions.RootOnly) != 0 && !HasSysAdmin) return false;
        if ((flags & IoctlPermissions.Auth) != 0 && Node != DrmNode.Render && !Authenticated) return false;
        if ((flags & IoctlPermissions.Master) != 0 && !IsMaster) return false;
        if ((flags & IoctlPermissions.RenderAllow) == 0 && Node == DrmNode.Render) return false;
        return true;
    }
}
