using System.Linq;
using System.Text;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// The naming step: derives, once, every identifier and file name back ends spell beyond the spec's own names (C#
    /// mask and array types, the client, handler and dispatch types, the kernel side's files, functions and table) and
    /// each dispatched ioctl's argument checks, and puts them in the model. Emitters and templates then only spell
    /// code; none derives a name of its own, so two back ends cannot disagree on one.
    /// </summary>
    internal static class BackEndNaming
    {
        /// <summary><paramref name="family"/> with its back ends' names and its ioctls' dispatch entries.</summary>
        public static AbiFamily Apply(AbiFamily family)
        {
            var named = family with
            {
                FlagSets = family.FlagSets.Select(Name).ToEquatableArray(),
                Structs = family.Structs.Select(s => s with { Fields = s.Fields.Select(Name).ToEquatableArray() }).ToEquatableArray(),
                Names = Names(family),
            };
            string prefix = named.Names!.Kernel.Prefix;
            // The checks are derived from the named declarations, so that they carry the names too.
            return named with { Ioctls = named.Ioctls.Select(io => io with { Dispatch = Dispatch(named, io, prefix) }).ToEquatableArray() };
        }

        private static AbiFlagSet Name(AbiFlagSet s) => s with
        {
            CsMaskName = s.MaskName.Length > 0 ? MacroToPascal(s.MaskName) : s.CsName + "Mask",
            Fields = s.Fields.Select(f => f with { CsMaskName = f.CsName + "Mask", CsShiftName = f.CsName + "Shift" }).ToEquatableArray(),
        };

        private static AbiField Name(AbiField f)
        {
            if (f.Count > 0) return f with { CsArrayName = f.CsName + "Array" };
            if (!f.Flexible || f.CsName.Length == 0) return f;
            // A parameter beside the generated methods' own (arg, file, handler, data) must not take their names.
            string elements = char.ToLowerInvariant(f.CsName[0]) + f.CsName.Substring(1);
            return f with { CsElementsName = elements is "arg" or "file" or "handler" or "data" ? elements + "Elements" : elements };
        }

        private static FamilyNames Names(AbiFamily f)
        {
            string cls = f.CSharp.ClassName;
            // The family's base name: its ioctl class without the Ioctls suffix (I915Ioctls → I915).
            string name = cls.EndsWith("Ioctls", System.StringComparison.Ordinal) && cls.Length > 6 ? cls.Substring(0, cls.Length - 6) : cls;
            var cs = new CsFamilyNames(cls + ".g.cs", cls + ".Client.g.cs", cls + ".Dispatch.g.cs", name + "Client", "I" + name + "Handler", name + "Dispatch");

            string prefix = Identifier(f.Family);
            // File names follow the uapi header's, without .h.
            string fileBase = f.C.FileName.EndsWith(".h", System.StringComparison.Ordinal) ? f.C.FileName.Substring(0, f.C.FileName.Length - 2) : f.C.FileName;
            string validateHeader = fileBase + "_validate.h";
            string driverHeader = fileBase + "_drv.h";
            var kernel = new KernelFamilyNames(prefix, validateHeader, fileBase + "_validate.c", driverHeader, fileBase + "_drv.c",
                Guard(validateHeader), Guard(driverHeader), prefix + "_range_invalid", prefix + "_ioctls", prefix.ToUpperInvariant() + "_NUM_IOCTLS");
            return new FamilyNames(cs, kernel);
        }

        private static IoctlDispatch? Dispatch(AbiFamily family, AbiIoctl io, string prefix)
        {
            if (!ArgumentCheckList.IsDispatched(io)) return null;
            string ioctl = Identifier(io.Name);
            // DRM_IOCTL_DEF_DRV(NAME, ...) pastes DRM_IOCTL_##NAME: usable only for a request macro spelled that way.
            const string drm = "DRM_IOCTL_";
            string table = io.CodeMacro.StartsWith(drm, System.StringComparison.Ordinal) ? io.CodeMacro.Substring(drm.Length) : "";
            return new IoctlDispatch(prefix + "_" + ioctl + "_ioctl", prefix + "_validate_" + ioctl, prefix + "_" + ioctl + "_checked", table,
                ArgumentCheckList.Derive(family, io).ToEquatableArray());
        }

        private static string Guard(string file) => file.ToUpperInvariant().Replace('.', '_').Replace('-', '_');

        // A C macro as a C# identifier: DRM_PRIME_FLAGS_MASK → DrmPrimeFlagsMask.
        private static string MacroToPascal(string macro)
            => string.Concat(macro.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1).ToLowerInvariant()));

        // Lower case, with every character C does not allow in an identifier replaced by '_'.
        private static string Identifier(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name.ToLowerInvariant()) sb.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
            if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
            return sb.ToString();
        }
    }
}
