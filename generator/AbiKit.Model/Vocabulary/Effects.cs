namespace AbiKit.Model
{
    /// <summary>The semantics vocabulary: what an ioctl does to the object a handle names. Each has one row in
    /// <see cref="Vocabulary.Effects"/>, which says everything else about it.</summary>
    public enum SemanticEffect
    {
        /// <summary>Creates an object; <see cref="AbiSemantic.Object"/> is the out field receiving its handle.</summary>
        Creates,
        /// <summary>Destroys (closes) the object.</summary>
        Destroys,
        /// <summary>Pins the object's pages.</summary>
        Pins,
        /// <summary>Unpins.</summary>
        Unpins,
        /// <summary>Begins CPU access (cache maintenance for the CPU).</summary>
        BeginsCpuAccess,
        /// <summary>Ends CPU access (cache maintenance for the device).</summary>
        EndsCpuAccess,
        /// <summary>Requires the object pinned.</summary>
        RequiresPinned,
        /// <summary>Requires the object inside a CPU-access window.</summary>
        RequiresCpuAccess,
        /// <summary>Imports user memory as an object; <see cref="AbiSemantic.Object"/> receives the handle.</summary>
        ImportsUserMemory,
        /// <summary>Exports the object for sharing.</summary>
        Exports,
        /// <summary>Imports a shared object; <see cref="AbiSemantic.Object"/> receives the handle.</summary>
        Imports,
        /// <summary>Queues device work that reads or writes the object: a bug inside a CPU-access window.</summary>
        QueuesDeviceWork,
    }

    /// <summary>A semantic effect of the vocabulary, with the keys the resolver requires of it.</summary>
    public sealed class EffectTerm : Term<SemanticEffect>
    {
        /// <summary>Creates a row of <see cref="Vocabulary.Effects"/>.</summary>
        /// <param name="effect">The model's effect.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="doc">What it means for the object.</param>
        /// <param name="producesObject">The effect hands out a new handle: <c>object</c> is required and is the out field receiving it.</param>
        /// <param name="requiresDirection">The effect needs a CPU-access direction (<c>access</c>, or <c>readAccess</c>/<c>writeAccess</c>).</param>
        /// <param name="requiresUserRange">The effect needs the user range (<c>pointer</c> and <c>size</c>).</param>
        public EffectTerm(SemanticEffect effect, string spec, string doc, bool producesObject = false, bool requiresDirection = false, bool requiresUserRange = false)
            : base(effect, spec, doc)
        {
            ProducesObject = producesObject;
            RequiresDirection = requiresDirection;
            RequiresUserRange = requiresUserRange;
        }

        /// <summary>The effect hands out a new handle in its <c>object</c> field (which must be written by the kernel).</summary>
        public bool ProducesObject { get; }

        /// <summary>The effect needs a CPU-access direction.</summary>
        public bool RequiresDirection { get; }

        /// <summary>The effect needs the user range (<c>pointer</c> and <c>size</c>).</summary>
        public bool RequiresUserRange { get; }
    }

    public static partial class Vocabulary
    {
        /// <summary>The semantic effects (an ioctl's <c>semantics[].effect</c>); a new effect is a <see cref="SemanticEffect"/>
        /// member and a row, both in this file.</summary>
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

        /// <summary>The effects that hand out a new handle, as a bit mask of <c>1 &lt;&lt; (int)effect</c>.</summary>
        public static int ProducingEffectsMask { get; } = Mask(Effects, t => t.ProducesObject);

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
