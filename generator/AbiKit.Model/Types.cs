namespace AbiKit.Model
{
    /// <summary>What a type reference points at.</summary>
    public enum TypeKind
    {
        /// <summary>A plain scalar.</summary>
        Scalar,
        /// <summary>A user pointer carried as __u64 (<c>ptr</c> in the spec).</summary>
        UserPointer,
        /// <summary>An enum, carried as its base scalar.</summary>
        Enum,
        /// <summary>A flag set, carried as its base scalar.</summary>
        Flags,
        /// <summary>A typed handle, carried as its base scalar.</summary>
        Handle,
        /// <summary>A nested struct or union (see <see cref="AggregateKind"/>; <see cref="TypeRef.CType"/> spells which).</summary>
        Struct,
    }

    /// <summary>
    /// A resolved reference to a field's or an ioctl argument's type. Carries everything back ends need
    /// (C and C# spellings, the owning family) so no emitter looks a name up again.
    /// </summary>
    /// <param name="Kind">What the reference points at.</param>
    /// <param name="Scalar">The scalar the value is carried as (for structs: <see cref="ScalarKind.U8"/>, unused).</param>
    /// <param name="Name">The spec name of the enum, flag set, handle or struct; the scalar's spec name otherwise.</param>
    /// <param name="CType">The C type spelling (e.g. <c>__u32</c>, <c>struct drm_gem_close</c>).</param>
    /// <param name="CsType">The C# type name, unqualified.</param>
    /// <param name="Family">The family that declares the type (empty for scalars).</param>
    /// <param name="CsNamespace">The C# namespace of the declaring family (empty for scalars).</param>
    public sealed record TypeRef(
        TypeKind Kind,
        ScalarKind Scalar,
        string Name,
        string CType,
        string CsType,
        string Family,
        string CsNamespace);
}
