using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Model
{
    /// <summary>What an argument check demands of a field.</summary>
    public enum ArgumentCheckKind
    {
        /// <summary>A reserved field (or explicit padding) is zero, every element of it for an array.</summary>
        MustBeZero,
        /// <summary>A flags field has no bit outside its set's mask.</summary>
        KnownBits,
        /// <summary>An enum field holds one of the enum's values.</summary>
        KnownValue,
        /// <summary>A multi-bit field inside a flags word (amdgpu's MTYPE) holds one of its listed values.</summary>
        KnownFieldValue,
    }

    /// <summary>One check a handler's argument must pass before the handler sees it.</summary>
    /// <param name="Kind">What is checked.</param>
    /// <param name="Field">The field checked (a direct member of the argument struct).</param>
    /// <param name="Flags">For <see cref="ArgumentCheckKind.KnownBits"/>: the flag set (mask and mask macro).</param>
    /// <param name="Enum">For <see cref="ArgumentCheckKind.KnownValue"/>: the enum.</param>
    /// <param name="Errno">The errno the check fails with (a name such as <c>EINVAL</c>).</param>
    /// <param name="FlagField">For <see cref="ArgumentCheckKind.KnownFieldValue"/>: the multi-bit field of <paramref name="Flags"/>.</param>
    public sealed record ArgumentCheck(ArgumentCheckKind Kind, AbiField Field, AbiFlagSet? Flags, AbiEnum? Enum, string Errno, AbiFlagField? FlagField = null);

    /// <summary>
    /// Derives the checks an ioctl's argument passes before its handler runs, from the model. The front end runs this
    /// once and the model carries the result (<see cref="IoctlDispatch.Checks"/>); back ends only render it.
    /// </summary>
    public static class ArgumentCheckList
    {
        /// <summary>The errno of a failed check: botching-up-ioctls says reject non-zero reserved fields and unknown
        /// flags, and drivers answer EINVAL for those and for unknown enum values. The model has no per-field errno.</summary>
        public const string RejectErrno = "EINVAL";

        /// <summary>
        /// True when the ioctl has an entry of its own in a dispatch table: an older, shorter form shares its newer
        /// form's slot (drm_ioctl() zero-extends it, which gives it the old behaviour) and a legacy code carries no
        /// size to dispatch on.
        /// </summary>
        public static bool IsDispatched(AbiIoctl io) => io.OlderFormOf.Length == 0 && !io.LegacyEncoding;

        /// <summary>The ioctl's argument struct when it is declared by <paramref name="family"/> (an imported
        /// argument is its own family's to check); null for none.</summary>
        public static AbiStruct? Argument(AbiFamily family, AbiIoctl io)
            => io.Direction != IoctlDirection.None && io.Arg.Kind == TypeKind.Struct ? FindStruct(family, io.Arg) : null;

        /// <summary>What the kernel's handler would reject with <see cref="RejectErrno"/>, in the order of the struct's fields.</summary>
        public static IReadOnlyList<ArgumentCheck> Derive(AbiFamily family, AbiIoctl io)
        {
            var checks = new List<ArgumentCheck>();
            var s = Argument(family, io);
            // Which member of a union is live is the handler's to know (amdgpu reads "in", writes "out"): no blanket check.
            if (s is null || s.Kind == AggregateKind.Union) return checks;
            // Out fields are the kernel's to write; the elements of a flexible array are beyond the struct (and
            // _IOC_SIZE): the handler checks them.
            foreach (var field in s.Fields.Where(x => x.Direction != FieldDirection.Out && !x.Flexible))
            {
                if (field.Reserved)
                {
                    checks.Add(new ArgumentCheck(ArgumentCheckKind.MustBeZero, field, null, null, RejectErrno));
                }
                else if (field.Type.Kind == TypeKind.Flags && field.Count == 0)
                {
                    var set = FindFlags(family, field.Type);
                    if (set is null) continue;
                    checks.Add(new ArgumentCheck(ArgumentCheckKind.KnownBits, field, set, null, RejectErrno));
                    // Any other pattern of a multi-bit field's bits than its listed values is rejected too.
                    foreach (var bits in set.Fields)
                        checks.Add(new ArgumentCheck(ArgumentCheckKind.KnownFieldValue, field, set, null, RejectErrno, bits));
                }
                else if (field.Type.Kind == TypeKind.Enum && field.Count == 0)
                {
                    var e = FindEnum(family, field.Type);
                    if (e is not null && e.Values.Count > 0) checks.Add(new ArgumentCheck(ArgumentCheckKind.KnownValue, field, null, e, RejectErrno));
                }
            }
            return checks;
        }

        // Types of the argument may come from imports; the model carries only this family's declarations,
        // so checks are generated for local enums and flag sets (imported ones are checked by their owner).

        /// <summary>The struct <paramref name="t"/> names when this family declares it; null otherwise.</summary>
        public static AbiStruct? FindStruct(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.Structs.FirstOrDefault(s => s.Name == t.Name) : null;

        /// <summary>The flag set <paramref name="t"/> names when this family declares it; null otherwise.</summary>
        public static AbiFlagSet? FindFlags(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.FlagSets.FirstOrDefault(s => s.Name == t.Name) : null;

        /// <summary>The enum <paramref name="t"/> names when this family declares it; null otherwise.</summary>
        public static AbiEnum? FindEnum(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.Enums.FirstOrDefault(s => s.Name == t.Name) : null;
    }
}
