using System;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>A field reached through a path of members (<c>out.handle</c>), with what its path allows.</summary>
    /// <param name="Field">The last member on the path.</param>
    /// <param name="CanRead">No member on the path is "out": the kernel reads it.</param>
    /// <param name="CanWrite">No member on the path is "in": the kernel writes it.</param>
    internal sealed record FieldPath(AbiField Field, bool CanRead, bool CanWrite);

    /// <summary>Resolves paths through struct and union members, as C's <c>arg.out.handle</c>.</summary>
    internal static class FieldPaths
    {
        /// <summary>Finds <paramref name="path"/> in <paramref name="root"/>; on failure, says why (completing "'path' …").</summary>
        public static (FieldPath? Found, string Error) Find(AbiStruct root, string path, Func<string, AbiStruct?> aggregate)
        {
            var current = root;
            bool canRead = true, canWrite = true;
            var segments = path.Split('.');
            for (int i = 0; i < segments.Length; i++)
            {
                var chain = Member(current, segments[i], aggregate);
                if (chain is null)
                    return (null, i == 0 ? $"is not a field of {current.CKeyword} {current.Name}" : $"does not resolve: '{segments[i]}' is not a member of {current.CKeyword} {current.Name}");
                var field = chain[chain.Count - 1];
                foreach (var step in chain)
                {
                    canRead &= step.Direction != FieldDirection.Out;
                    canWrite &= step.Direction != FieldDirection.In;
                }
                if (i == segments.Length - 1) return (new FieldPath(field, canRead, canWrite), "");
                if (field.Type.Kind != TypeKind.Struct || field.Count > 0 || aggregate(field.Type.Name) is not { } inner)
                    return (null, $"does not resolve: '{segments[i]}' is not a struct or union member, so nothing can follow it");
                current = inner;
            }
            return (null, "is empty");
        }

        // A named member, looked up as C does: through anonymous members too. Returns the fields passed, last the member.
        private static System.Collections.Generic.List<AbiField>? Member(AbiStruct s, string name, Func<string, AbiStruct?> aggregate)
        {
            foreach (var f in s.Fields)
            {
                if (!f.Anonymous && f.Name == name) return new System.Collections.Generic.List<AbiField> { f };
                if (f.Anonymous && aggregate(f.Type.Name) is { } inner && Member(inner, name, aggregate) is { } found)
                {
                    found.Insert(0, f);
                    return found;
                }
            }
            return null;
        }
    }
}
