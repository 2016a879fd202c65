using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Emitters.Kernel
{
    /// <summary>
    /// The C names of a family's kernel side, as the model carries them (<see cref="KernelFamilyNames"/>,
    /// <see cref="IoctlDispatch"/>): the files, the handler a driver implements (<c>i915_gem_create_ioctl</c>, as
    /// drivers name them), the validation function, the ioctl table.
    /// </summary>
    public static class KernelNames
    {
        /// <summary>The family id as a C identifier prefix: <c>abikit-alloc</c> gives <c>abikit_alloc</c>.</summary>
        public static string Prefix(AbiFamily f) => ModelNames.Of(f).Kernel.Prefix;

        /// <summary>The validation header, e.g. <c>abikit_alloc_validate.h</c>.</summary>
        public static string ValidateHeader(AbiFamily f) => ModelNames.Of(f).Kernel.ValidateHeader;

        /// <summary>The validation source, e.g. <c>abikit_alloc_validate.c</c>.</summary>
        public static string ValidateSource(AbiFamily f) => ModelNames.Of(f).Kernel.ValidateSource;

        /// <summary>The DRM driver header (handler prototypes, table), e.g. <c>abikit_alloc_drv.h</c>.</summary>
        public static string DriverHeader(AbiFamily f) => ModelNames.Of(f).Kernel.DriverHeader;

        /// <summary>The DRM driver source (the table and its checking entry points), e.g. <c>abikit_alloc_drv.c</c>.</summary>
        public static string DriverSource(AbiFamily f) => ModelNames.Of(f).Kernel.DriverSource;

        /// <summary>The handler the driver author implements: <c>&lt;family&gt;_&lt;ioctl&gt;_ioctl</c>.</summary>
        public static string Handler(AbiFamily f, AbiIoctl io) => Dispatch(f, io).KernelHandler;

        /// <summary>The validation function: <c>&lt;family&gt;_validate_&lt;ioctl&gt;</c>.</summary>
        public static string Validator(AbiFamily f, AbiIoctl io) => Dispatch(f, io).KernelValidator;

        /// <summary>The table's entry point that validates, then calls <see cref="Handler"/>.</summary>
        public static string Checked(AbiFamily f, AbiIoctl io) => Dispatch(f, io).KernelChecked;

        /// <summary>The overflow-safe range helper: <c>&lt;family&gt;_range_invalid</c>.</summary>
        public static string RangeHelper(AbiFamily f) => ModelNames.Of(f).Kernel.RangeHelper;

        /// <summary>The <c>drm_ioctl_desc</c> table: <c>&lt;family&gt;_ioctls</c>.</summary>
        public static string Table(AbiFamily f) => ModelNames.Of(f).Kernel.Table;

        /// <summary>The macro holding the table's length.</summary>
        public static string TableLength(AbiFamily f) => ModelNames.Of(f).Kernel.TableLength;

        /// <summary>The DRM permission flags of <paramref name="permissions"/> (drm_ioctl_permit()), in the kernel's order.</summary>
        public static List<string> DrmFlags(IoctlPermissions permissions) => Vocabulary.DrmFlags(permissions);

        private static IoctlDispatch Dispatch(AbiFamily f, AbiIoctl io)
            => io.Dispatch ?? throw new System.ArgumentException($"{io.Name} has no dispatch entry of its own (an older form or a legacy code)", nameof(io));
    }
}
