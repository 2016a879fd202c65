namespace AbiKit.Model
{
    /// <summary>A field direction of the vocabulary, with how generated docs say it.</summary>
    public sealed class FieldDirectionTerm : Term<FieldDirection>
    {
        /// <summary>Creates a row of <see cref="Vocabulary.FieldDirections"/>.</summary>
        /// <param name="direction">The model's direction.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="doc">What it means.</param>
        /// <param name="cNote">The note of a field's kernel-doc comment in the C header (empty for none).</param>
        /// <param name="csNote">The note of a field's XML doc in C#.</param>
        public FieldDirectionTerm(FieldDirection direction, string spec, string doc, string cNote, string csNote)
            : base(direction, spec, doc)
        {
            CNote = cNote;
            CsNote = csNote;
        }

        /// <summary>The note of the field's C comment (<c>(out)</c>), empty for none.</summary>
        public string CNote { get; }

        /// <summary>The note of the field's C# doc (<c>Output.</c>).</summary>
        public string CsNote { get; }
    }

    /// <summary>An ioctl direction of the vocabulary, with its linux/ioctl.h macro.</summary>
    public sealed class IoctlDirectionTerm : Term<IoctlDirection>
    {
        /// <summary>Creates a row of <see cref="Vocabulary.IoctlDirections"/>.</summary>
        /// <param name="direction">The model's direction.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="macro">The linux/ioctl.h macro: <c>_IO</c>, <c>_IOW</c>, <c>_IOR</c>, <c>_IOWR</c>.</param>
        /// <param name="doc">What it means.</param>
        public IoctlDirectionTerm(IoctlDirection direction, string spec, string macro, string doc)
            : base(direction, spec, doc) => Macro = macro;

        /// <summary>The linux/ioctl.h macro.</summary>
        public string Macro { get; }
    }

    /// <summary>A word of the vocabulary that is only a value, a spelling and a meaning (handle scopes, CPU-access tags).</summary>
    /// <typeparam name="T">The model enum.</typeparam>
    public sealed class PlainTerm<T> : Term<T>
        where T : struct
    {
        /// <summary>Creates a row.</summary>
        /// <param name="value">The model's value.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="doc">What it means.</param>
        public PlainTerm(T value, string spec, string doc)
            : base(value, spec, doc)
        {
        }
    }
}
