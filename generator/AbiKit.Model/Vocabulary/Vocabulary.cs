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
    }
}
