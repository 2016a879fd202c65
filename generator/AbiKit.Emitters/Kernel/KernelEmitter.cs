using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Emitters.C;
using AbiKit.Model;

namespace AbiKit.Emitters.Kernel
{
    /// <summary>
    /// Emits the kernel side of a family in kernel style (checkpatch --strict clean): validation functions that
    /// check what <see cref="ArgumentChecks"/> says (reserved fields zero, flag bits known, enum values known) and an
    /// overflow-safe range helper; for a DRM driver family also the handler prototypes the driver implements and
    /// the <c>drm_ioctl_desc</c> table, whose entries validate before they call the handler.
    /// </summary>
    public sealed class KernelEmitter : IEmitter
    {
        private static readonly string[] HandlerParameters = { "struct drm_device *dev", "void *data", "struct drm_file *file" };
        private readonly TemplateSet _templates;

        /// <summary>Creates the emitter over <paramref name="templates"/>.</summary>
        public KernelEmitter(TemplateSet templates) => _templates = templates;

        /// <inheritdoc />
        public string Language => "kernel";

        /// <inheritdoc />
        public IReadOnlyList<GeneratedFile> Emit(AbiFamily family)
        {
            var view = BuildView(family);
            var files = new List<GeneratedFile>
            {
                new(view.ValidateHeader, _templates.Render("kernel-validate-h.hbs", view)),
                new(view.ValidateSource, _templates.Render("kernel-validate-c.hbs", view)),
            };
            // drm_ioctl_desc tables exist for DRM drivers only; DRM core's own table is drm_ioctl.c's.
            if (view.IsDrmDriver)
            {
                files.Add(new(view.DriverHeader, _templates.Render("kernel-drv-h.hbs", view)));
                files.Add(new(view.DriverSource, _templates.Render("kernel-drv-c.hbs", view)));
            }
            return files;
        }

        /// <summary>The view the templates render; public so custom templates can be written against it.</summary>
        public static KernelView BuildView(AbiFamily f)
        {
            var names = ModelNames.Of(f).Kernel;
            var view = new KernelView
            {
                License = f.License,
                Source = f.SourceName,
                Family = f.Family,
                UapiHeader = f.C.FileName,
                ValidateHeader = names.ValidateHeader,
                ValidateSource = names.ValidateSource,
                DriverHeader = names.DriverHeader,
                DriverSource = names.DriverSource,
                ValidateGuard = names.ValidateGuard,
                DriverGuard = names.DriverGuard,
                RangeHelper = names.RangeHelper,
                Table = names.Table,
                TableLength = names.TableLength,
                IsDrmDriver = f.Ioctl.Style == IoctlStyle.DrmDriver,
            };
            view.ValidateIntro = Intro(view.ValidateHeader, $"argument checks of the {f.Family} ioctls, for the kernel.");
            view.ValidateSourceIntro = Intro(view.ValidateSource, $"argument checks of the {f.Family} ioctls, generated from the spec: reserved fields zero, flag bits known, enum values known.");
            view.DriverIntro = Intro(view.DriverHeader, $"the {f.Family} ioctls of a DRM driver: the handlers it implements and its drm_ioctl_desc table.");
            view.DriverSourceIntro = Intro(view.DriverSource, $"the drm_ioctl_desc table of the {f.Family} ioctls; each entry checks its argument before it calls the driver's handler.");

            view.HandlersComment = CLines.Comment($"The handlers the driver implements. {view.Table} calls each only after its argument passed the matching validation function of {view.ValidateHeader}.");

            var dispatched = f.Ioctls.Where(io => io.Dispatch is not null).ToList();
            foreach (var io in dispatched)
            {
                var entry = io.Dispatch!;
                var arg = ArgumentChecks.Argument(f, io);
                string? validator = null;
                if (arg is not null && !arg.Inline)
                {
                    validator = entry.KernelValidator;
                    view.Validators.Add(Validator(io, entry, arg));
                }
                if (!view.IsDrmDriver) continue;
                string handler = entry.KernelHandler;
                view.Handlers.Add(new KernelLines { Lines = CLines.Call("", "int " + handler, HandlerParameters, ";") });
                string entryPoint = handler;
                if (validator is not null)
                {
                    entryPoint = entry.KernelChecked;
                    view.CheckedEntries.Add(new KernelChecked
                    {
                        Signature = CLines.Call("", "static int " + entryPoint, HandlerParameters, ""),
                        Validator = validator,
                        Handler = handler,
                    });
                }
                var flags = KernelNames.DrmFlags(io.Permissions);
                string flagText = flags.Count == 0 ? "0" : string.Join(" | ", flags);
                view.Entries.Add(new KernelLines { Lines = TableEntry(io, entry, entryPoint, flagText) });
            }
            // The kernel's own copy of a uapi header may lack a mask macro the spec names (drm.h has no
            // DRM_PRIME_FLAGS_MASK): the validation header defines each one it uses unless it exists.
            foreach (var set in dispatched.SelectMany(io => io.Dispatch!.Checks).Select(c => c.Flags).OfType<AbiFlagSet>()
                         .Where(x => x.MaskName.Length > 0).Distinct())
                view.Masks.Add(new KernelMask { Name = set.MaskName, Lines = CLines.Define(set.MaskName, CHeaderEmitter.MaskValue(set)) });
            view.TableSize = dispatched.Count == 0 ? "0" : (dispatched.Max(io => io.RelativeNr) + 1).ToString(CultureInfo.InvariantCulture);
            return view;
        }

        // The family id reaches comments only: made safe there like any doc text.
        private static List<string> Intro(string file, string summary)
            => CLines.Item(file + " -", Text.SafeInComment(summary)).ToList();

        // DRM_IOCTL_DEF_DRV(NAME, ...) pastes DRM_IOCTL_##NAME; a request macro spelled otherwise gets the initializer
        // the macro expands to (include/drm/drm_ioctl.h).
        private static List<string> TableEntry(AbiIoctl io, IoctlDispatch entry, string func, string flags)
        {
            if (entry.DrmTableName.Length > 0)
                return CLines.Call("\t", "DRM_IOCTL_DEF_DRV", new[] { entry.DrmTableName, func, flags }, ",");
            string index = $"[DRM_IOCTL_NR({io.CodeMacro}) - DRM_COMMAND_BASE] = {{";
            return new List<string>
            {
                "\t" + index,
                $"\t\t.cmd = {io.CodeMacro},",
                $"\t\t.flags = {flags},",
                $"\t\t.func = {func},",
                $"\t\t.name = \"{io.CodeMacro}\",",
                "\t},",
            };
        }

        private static KernelValidator Validator(AbiIoctl io, IoctlDispatch entry, AbiStruct arg)
        {
            string name = entry.KernelValidator;
            var checks = entry.Checks;
            var body = new List<string>();
            var said = new List<string>();
            foreach (var check in checks)
            {
                string access = "args->" + check.Field.Name;
                string reject = "\t\treturn -" + check.Errno + ";";
                switch (check.Kind)
                {
                    case ArgumentCheckKind.MustBeZero:
                        // Arrays and aggregates are compared byte by byte, as the kernel does (memchr_inv).
                        bool whole = check.Field.Count > 0 || check.Field.Type.Kind == TypeKind.Struct;
                        string address = check.Field.Count > 0 ? access : "&" + access;
                        body.Add(whole ? $"\tif (memchr_inv({address}, 0, sizeof({access})))" : $"\tif ({access})");
                        body.Add(reject);
                        said.Add($"@{check.Field.Name} is zero");
                        break;
                    case ArgumentCheckKind.KnownBits:
                        var set = check.Flags!;
                        string mask = set.MaskName.Length > 0 ? "(u64)" + set.MaskName : "0x" + set.Mask.ToString("x", CultureInfo.InvariantCulture) + "ULL";
                        body.Add($"\tif ({access} & ~{mask})");
                        body.Add(reject);
                        said.Add($"@{check.Field.Name} has no bit outside {(set.MaskName.Length > 0 ? set.MaskName : set.Name)}");
                        break;
                    case ArgumentCheckKind.KnownFieldValue:
                        var bitsField = check.FlagField!;
                        string bits = bitsField.MaskMacro.Length > 0 ? "(u64)" + bitsField.MaskMacro : "0x" + bitsField.Bits.ToString("x", CultureInfo.InvariantCulture) + "ULL";
                        Switch($"{access} & {bits}", bitsField.Values.GroupBy(v => v.Value).Select(g => g.First().Name), reject);
                        said.Add($"@{check.Field.Name}'s {bitsField.Name} bits hold a listed value");
                        break;
                    default:
                        // Aliases share a value; C allows each case label once.
                        Switch(access, check.Enum!.Values.GroupBy(v => v.Value).Select(g => g.First().Name), reject);
                        said.Add($"@{check.Field.Name} is a known {check.Enum.Name} value");
                        break;
                }
            }
            body.Add("\treturn 0;");

            // A value that must be one of a list: a switch on it, each label once.
            void Switch(string on, IEnumerable<string> labels, string reject)
            {
                body.Add($"\tswitch ({on}) {{");
                body.AddRange(labels.Select(label => $"\tcase {label}:"));
                body.Add("\t\tbreak;");
                body.Add("\tdefault:");
                body.Add(reject);
                body.Add("\t}");
            }
            var errnos = checks.Select(c => "-" + c.Errno).Distinct().ToList();
            string checksText = said.Count == 0
                ? $"{io.CodeMacro}'s argument has no field the spec constrains{(arg.Kind == AggregateKind.Union ? " (which member of a union is live is the handler's to know)" : "")}."
                : "Checks what user space writes: " + string.Join(", ", said) + ".";
            return new KernelValidator
            {
                Name = name,
                Prototype = CLines.Call("", "int " + name, new[] { $"const {io.Arg.CType} *args" }, ";"),
                Signature = CLines.Call("", "int " + name, new[] { $"const {io.Arg.CType} *args" }, ""),
                Doc = CLines.Item(name + "() -", $"check the argument of {io.CodeMacro}")
                    .Concat(CLines.Item("@args:", "the argument, as drm_ioctl() copied it in"))
                    .Concat(new[] { " *" })
                    .Concat(CLines.Star(checksText))
                    .Concat(new[] { " *" })
                    .Concat(CLines.Star("Return: 0" + (errnos.Count == 0 ? "." : ", or " + string.Join(" or ", errnos) + " when a check fails.")))
                    .ToList(),
                Body = body,
            };
        }
    }

#pragma warning disable CS1591 // View-model properties are named for what the templates print.
    /// <summary>What the kernel-*.hbs templates render.</summary>
    public sealed class KernelView
    {
        public string License { get; set; } = "";
        public string Source { get; set; } = "";
        public string Family { get; set; } = "";
        public string UapiHeader { get; set; } = "";
        public string ValidateHeader { get; set; } = "";
        public string ValidateSource { get; set; } = "";
        public string DriverHeader { get; set; } = "";
        public string DriverSource { get; set; } = "";
        public string ValidateGuard { get; set; } = "";
        public string DriverGuard { get; set; } = "";
        public List<string> ValidateIntro { get; set; } = new();
        public List<string> ValidateSourceIntro { get; set; } = new();
        public List<string> DriverIntro { get; set; } = new();
        public List<string> DriverSourceIntro { get; set; } = new();
        /// <summary>The comment above the handler prototypes.</summary>
        public List<string> HandlersComment { get; set; } = new();
        public string RangeHelper { get; set; } = "";
        public string Table { get; set; } = "";
        public string TableLength { get; set; } = "";
        /// <summary>One past the highest ioctl number (drm_ioctl() answers EINVAL for an empty slot).</summary>
        public string TableSize { get; set; } = "0";
        public bool IsDrmDriver { get; set; }
        public List<KernelValidator> Validators { get; } = new();
        public List<KernelLines> Handlers { get; } = new();
        public List<KernelChecked> CheckedEntries { get; } = new();
        public List<KernelLines> Entries { get; } = new();
        /// <summary>The mask macros the checks use, defined when the uapi header does not.</summary>
        public List<KernelMask> Masks { get; } = new();
    }

    /// <summary>A flag set's mask macro.</summary>
    public sealed class KernelMask
    {
        public string Name { get; set; } = "";
        /// <summary>The #define, laid out.</summary>
        public List<string> Lines { get; set; } = new();
    }

    /// <summary>One validation function.</summary>
    public sealed class KernelValidator
    {
        public string Name { get; set; } = "";
        public List<string> Prototype { get; set; } = new();
        public List<string> Signature { get; set; } = new();
        /// <summary>The kernel-doc comment's body lines.</summary>
        public List<string> Doc { get; set; } = new();
        /// <summary>The body's lines, indented.</summary>
        public List<string> Body { get; set; } = new();
    }

    /// <summary>A table entry point that validates before it calls the handler.</summary>
    public sealed class KernelChecked
    {
        public List<string> Signature { get; set; } = new();
        public string Validator { get; set; } = "";
        public string Handler { get; set; } = "";
    }

    /// <summary>Lines of C laid out for checkpatch.</summary>
    public sealed class KernelLines
    {
        public List<string> Lines { get; set; } = new();
    }
#pragma warning restore CS1591
}
