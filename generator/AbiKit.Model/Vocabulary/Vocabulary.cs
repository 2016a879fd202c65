using System.Collections.Generic;

namespace AbiKit.Model
{
    /// <summary>
    /// The spec's one vocabulary: every closed set of words a spec writes (scalar types, semantic effects, field and
    /// ioctl directions, DRM permissions, handle scopes, CPU-access tags), each word with its spelling, meaning and
    /// the facts its consumers need. The reader checks spellings against it, the resolver maps them to the model's
    /// enums with it, the emitters spell C and C# from it, the importer maps C types with it, and a test ties the
    /// JSON Schema's enums to it. The model enums themselves reach the runtime's attributes and the analyzers
    /// (which compile these sources in): there is no second copy to keep equal.
    /// </summary>
    public static partial class Vocabulary
    {
        /// <summary>The semantic effects (an ioctl's <c>semantics[].effect</c>).</summary>
        public static TermTable<EffectTerm, SemanticEffect> Effects { get; } = new("effect",
            new(SemanticEffect.Creates, "creates", "A new object; its handle is returned in the out field 'object'.", producesObject: true),
            new(SemanticEffect.Destroys, "destroys", "The handle is released; using it afterwards is a bug."),
            new(SemanticEffect.Pins, "pins", "Pages made resident; must be balanced by unpins."),
            new(SemanticEffect.Unpins, "unpins", "Drops one pin."),
            new(SemanticEffect.BeginsCpuAccess, "beginsCpuAccess", "Opens a CPU access window in a direction ('access', or 'readAccess'/'writeAccess'); must be balanced by endsCpuAccess.", requiresDirection: true),
            new(SemanticEffect.EndsCpuAccess, "endsCpuAccess", "Closes the CPU access window."),
            new(SemanticEffect.RequiresPinned, "requiresPinned", "The object must be pinned when this ioctl runs."),
            new(SemanticEffect.RequiresCpuAccess, "requiresCpuAccess", "The object must be inside a CPU access window."),
            new(SemanticEffect.ImportsUserMemory, "importsUserMemory", "User memory ('pointer', 'size') becomes an object whose handle is returned in 'object'; the memory must stay valid for the object's life.",
                producesObject: true, requiresUserRange: true),
            new(SemanticEffect.Exports, "exports", "The object is shared outside this file."),
            new(SemanticEffect.Imports, "imports", "A shared object gets a handle in this file, returned in 'object'.", producesObject: true),
            new(SemanticEffect.QueuesDeviceWork, "queuesDeviceWork", "Device work that reads or writes the object is queued; a bug while a CPU access window is open on it."));

        /// <summary>The directions of a struct field (<c>fields[].dir</c>; default <c>in</c>).</summary>
        public static TermTable<FieldDirectionTerm, FieldDirection> FieldDirections { get; } = new("field direction",
            new(FieldDirection.In, "in", "User space writes it, the kernel reads it.", "", "Input."),
            new(FieldDirection.Out, "out", "The kernel writes it.", "(out)", "Output."),
            new(FieldDirection.InOut, "inout", "Both.", "(in/out)", "Input and output."));

        /// <summary>The directions of an ioctl (<c>ioctls[].dir</c>), as _IOC encodes them.</summary>
        public static TermTable<IoctlDirectionTerm, IoctlDirection> IoctlDirections { get; } = new("ioctl direction",
            new(IoctlDirection.None, "none", "_IO", "No argument is copied."),
            new(IoctlDirection.In, "in", "_IOW", "The argument goes into the kernel."),
            new(IoctlDirection.Out, "out", "_IOR", "The argument comes out of the kernel."),
            new(IoctlDirection.InOut, "inout", "_IOWR", "The argument goes in and comes back."));

        /// <summary>The DRM permissions of an ioctl (<c>ioctls[].permissions</c>), in drm_ioctl_permit()'s order.</summary>
        public static TermTable<PermissionTerm, IoctlPermissions> Permissions { get; } = new("permission",
            new(IoctlPermissions.Auth, "auth", "DRM_AUTH", "Only authenticated primary-node clients."),
            new(IoctlPermissions.Master, "master", "DRM_MASTER", "Only the DRM master."),
            new(IoctlPermissions.RootOnly, "root", "DRM_ROOT_ONLY", "Only CAP_SYS_ADMIN."),
            new(IoctlPermissions.RenderAllow, "render", "DRM_RENDER_ALLOW", "Allowed on render nodes."));

        /// <summary>Who can name a handle (<c>handles[].scope</c>; default <c>file</c>).</summary>
        public static TermTable<PlainTerm<HandleScope>, HandleScope> HandleScopes { get; } = new("handle scope",
            new(HandleScope.File, "file", "Private to one open file (GEM handles)."),
            new(HandleScope.Global, "global", "Device-wide and guessable (flink names); lint flags it."),
            new(HandleScope.Fd, "fd", "A file descriptor."));

        /// <summary>The CPU-access direction a flag means (<c>flags[].flags[].access</c>).</summary>
        public static TermTable<PlainTerm<CpuAccess>, CpuAccess> CpuAccesses { get; } = new("CPU access",
            new(CpuAccess.Read, "read", "The CPU reads."),
            new(CpuAccess.Write, "write", "The CPU writes."),
            new(CpuAccess.Read | CpuAccess.Write, "readwrite", "The CPU reads and writes."));

        /// <summary>The effects that hand out a new handle, as a bit mask of <c>1 &lt;&lt; (int)effect</c>.</summary>
        public static int ProducingEffectsMask { get; } = Mask(Effects, t => t.ProducesObject);

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

        private static int Mask(TermTable<EffectTerm, SemanticEffect> table, System.Func<EffectTerm, bool> where)
        {
            int mask = 0;
            foreach (var t in table)
            {
                if (where(t)) mask |= 1 << (int)t.Value;
            }
            return mask;
        }
    }
}
