namespace AbiKit.Model
{
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

    /// <summary>A DRM permission of the vocabulary, with its drm_ioctl_permit() flag.</summary>
    public sealed class PermissionTerm : Term<IoctlPermissions>
    {
        /// <summary>Creates a row of <see cref="Vocabulary.Permissions"/>.</summary>
        /// <param name="permission">The model's flag.</param>
        /// <param name="spec">The spec spelling.</param>
        /// <param name="drmFlag">The kernel's flag (<c>DRM_AUTH</c>).</param>
        /// <param name="doc">What it means.</param>
        public PermissionTerm(IoctlPermissions permission, string spec, string drmFlag, string doc)
            : base(permission, spec, doc) => DrmFlag = drmFlag;

        /// <summary>The kernel's flag.</summary>
        public string DrmFlag { get; }
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
