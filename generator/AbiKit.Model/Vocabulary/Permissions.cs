using System;
using System.Collections.Generic;

namespace AbiKit.Model
{
    /// <summary>DRM permission flags of an ioctl (drm_ioctl_permit()). Each has one row in <see cref="Vocabulary.Permissions"/>,
    /// which says everything else about it.</summary>
    [Flags]
    public enum IoctlPermissions
    {
        /// <summary>None: any primary-node client, no render node.</summary>
        None = 0,
        /// <summary>DRM_AUTH.</summary>
        Auth = 1,
        /// <summary>DRM_MASTER.</summary>
        Master = 2,
        /// <summary>DRM_ROOT_ONLY.</summary>
        RootOnly = 4,
        /// <summary>DRM_RENDER_ALLOW.</summary>
        RenderAllow = 32,
    }

    /// <summary>A DRM permission of the vocabulary, with its drm_ioctl_permit() flag.</summary>
    public sealed class PermissionTerm : Term<IoctlPermissions>
    {
        /// <summary>Creates a row of <see cref="Vocabulary.Permissions"/>.</summary>
        /// <param name="permission">The model's flag.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="drmFlag">The kernel's flag (<c>DRM_AUTH</c>).</param>
        /// <param name="doc">What it means.</param>
        /// <param name="restricts">True when the flag narrows who may call (adding it refuses callers allowed before); false
        /// when it widens (DRM_RENDER_ALLOW: removing it refuses them).</param>
        public PermissionTerm(IoctlPermissions permission, string spec, string drmFlag, string doc, bool restricts)
            : base(permission, spec, doc)
        {
            DrmFlag = drmFlag;
            Restricts = restricts;
        }

        /// <summary>The kernel's flag.</summary>
        public string DrmFlag { get; }

        /// <summary>True when the flag narrows who may call, false when it widens: which way a change of it breaks callers.</summary>
        public bool Restricts { get; }
    }

    public static partial class Vocabulary
    {
        /// <summary>The DRM permissions of an ioctl (<c>ioctls[].permissions</c>), in drm_ioctl_permit()'s order; a new permission
        /// is an <see cref="IoctlPermissions"/> flag and a row, both in this file.</summary>
        public static TermTable<PermissionTerm, IoctlPermissions> Permissions { get; } = new("permission",
            new(IoctlPermissions.Auth, "auth", "DRM_AUTH", "Only authenticated primary-node clients.", restricts: true),
            new(IoctlPermissions.Master, "master", "DRM_MASTER", "Only the DRM master.", restricts: true),
            new(IoctlPermissions.RootOnly, "root", "DRM_ROOT_ONLY", "Only CAP_SYS_ADMIN.", restricts: true),
            new(IoctlPermissions.RenderAllow, "render", "DRM_RENDER_ALLOW", "Allowed on render nodes.", restricts: false));

        /// <summary>The permissions that narrow who may call (<see cref="PermissionTerm.Restricts"/>), as one mask: adding one to
        /// an ioctl refuses callers allowed before (a breaking change), removing one loosens.</summary>
        public static IoctlPermissions RestrictingPermissions { get; } = PermissionMask(true);

        /// <summary>The permissions that widen who may call (DRM_RENDER_ALLOW), as one mask: they work the other way.</summary>
        public static IoctlPermissions GrantingPermissions { get; } = PermissionMask(false);

        /// <summary>The DRM flags of <paramref name="permissions"/>, in the kernel's order.</summary>
        public static List<string> DrmFlags(IoctlPermissions permissions)
        {
            var flags = new List<string>();
            foreach (var p in Permissions)
            {
                if ((permissions & p.Value) != 0) flags.Add(p.DrmFlag);
            }
            return flags;
        }

        private static IoctlPermissions PermissionMask(bool restricts)
        {
            var mask = IoctlPermissions.None;
            foreach (var p in Permissions)
            {
                if (p.Restricts == restricts) mask |= p.Value;
            }
            return mask;
        }
    }
}
