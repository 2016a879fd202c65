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
                var field = current.Fields.FirstOrDefault(f => f.Name == segments[i]);
                if (field is null)
                    return (null, i == 0 ? $"is not a field of {current.CKeyword} {current.Name}" : $"does not resolve: '{segments[i]}' is not a member of {current.CKeyword} {current.Name}");
                canRead &= field.Direction != FieldDirection.Out;
                canWrite &= field.Direction != FieldDirection.In;
                if (i == segments.Length - 1) return (new FieldPath(field, canRead, canWrite), "");
                if (field.Type.Kind != TypeKind.Struct || field.Count > 0 || aggregate(field.Type.Name) is not { } inner)
                    return (null, $"does not resolve: '{segments[i]}' is not a struct or union member, so nothing can follow it");
                current = inner;
            }
            return (null, "is empty");
        }
    }
}
