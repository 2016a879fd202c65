using System.Collections.Generic;
using System.Linq;
using System.Text;
using AbiKit.Model;

namespace AbiKit.Emitters.Kernel
{
    /// <summary>
    /// The C names of a family's kernel side, computed here only: the files, the handler a driver implements
    /// (<c>i915_gem_create_ioctl</c>, as drivers name them), the validation function, the ioctl table.
    /// </summary>
    public static class KernelNames
    {
        /// <summary>The family id as a C identifier prefix: <c>abikit-alloc</c> gives <c>abikit_alloc</c>.</summary>
        public static string Prefix(AbiFamily f) => Identifier(f.Family);

        /// <summary>The base of the generated file names: the uapi header's name without <c>.h</c>.</summary>
        public static string FileBase(AbiFamily f)
            => f.C.FileName.EndsWith(".h", System.StringComparison.Ordinal) ? f.C.FileName.Substring(0, f.C.FileName.Length - 2) : f.C.FileName;

        /// <summary>The validation header, e.g. <c>abikit_alloc_validate.h</c>.</summary>
        public static string ValidateHeader(AbiFamily f) => FileBase(f) + "_validate.h";

        /// <summary>The validation source, e.g. <c>abikit_alloc_validate.c</c>.</summary>
        public static string ValidateSource(AbiFamily f) => FileBase(f) + "_validate.c";

        /// <summary>The DRM driver header (handler prototypes, table), e.g. <c>abikit_alloc_drv.h</c>.</summary>
        public static string DriverHeader(AbiFamily f) => FileBase(f) + "_drv.h";

        /// <summary>The DRM driver source (the table and its checking entry points), e.g. <c>abikit_alloc_drv.c</c>.</summary>
        public static string DriverSource(AbiFamily f) => FileBase(f) + "_drv.c";

        /// <summary>The handler the driver author implements: <c>&lt;family&gt;_&lt;ioctl&gt;_ioctl</c>.</summary>
        public static string Handler(AbiFamily f, AbiIoctl io) => Prefix(f) + "_" + Identifier(io.Name) + "_ioctl";

        /// <summary>The validation function: <c>&lt;family&gt;_validate_&lt;ioctl&gt;</c>.</summary>
        public static string Validator(AbiFamily f, AbiIoctl io) => Prefix(f) + "_validate_" + Identifier(io.Name);

        /// <summary>The table's entry point that validates, then calls <see cref="Handler"/>.</summary>
        public static string Checked(AbiFamily f, AbiIoctl io) => Prefix(f) + "_" + Identifier(io.Name) + "_checked";

        /// <summary>The overflow-safe range helper: <c>&lt;family&gt;_range_invalid</c>.</summary>
        public static string RangeHelper(AbiFamily f) => Prefix(f) + "_range_invalid";

        /// <summary>The <c>drm_ioctl_desc</c> table: <c>&lt;family&gt;_ioctls</c>.</summary>
        public static string Table(AbiFamily f) => Prefix(f) + "_ioctls";

        /// <summary>The macro holding the table's length.</summary>
        public static string TableLength(AbiFamily f) => Prefix(f).ToUpperInvariant() + "_NUM_IOCTLS";

        /// <summary>The DRM permission flags of <paramref name="permissions"/> (drm_ioctl_permit()), in the kernel's order.</summary>
        public static List<string> DrmFlags(IoctlPermissions permissions) => Vocabulary.DrmFlags(permissions);

        /// <summary>Lower case, with every character C does not allow in an identifier replaced by <c>_</c>.</summary>
        private static string Identifier(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name.ToLowerInvariant()) sb.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
            if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
            return sb.ToString();
        }
    }
}
