using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>Resolves an ioctl's semantics: the fields each effect names, as paths through the argument, checked
    /// against what the effect needs (a handle to name the object, a writable path for a new one, flag sets with
    /// access meanings). Reports ABI208.</summary>
    internal sealed class SemanticResolver
    {
        private readonly DiagnosticSink _sink;
        private readonly Func<string, AbiStruct?> _aggregate;
        private readonly Func<string, AbiFlagSet?> _flagSet;

        /// <param name="sink">Receives the errors.</param>
        /// <param name="aggregate">A struct or union by name (declared here or imported); null when unknown.</param>
        /// <param name="flagSet">A flag set by name; null when unknown.</param>
        public SemanticResolver(DiagnosticSink sink, Func<string, AbiStruct?> aggregate, Func<string, AbiFlagSet?> flagSet)
        {
            _sink = sink;
            _aggregate = aggregate;
            _flagSet = flagSet;
        }

        /// <summary>The semantic <paramref name="s"/> of ioctl <paramref name="ioctl"/>, whose argument struct is
        /// <paramref name="arg"/> (null when it is not a struct); null after reporting why not.</summary>
        public AbiSemantic? Resolve(SemanticSyntax s, string ioctl, AbiStruct? arg)
        {
            if (Vocabulary.Effects.Find(s.Effect.Value) is not { } term) return null; // the reader reported it
            var effect = term.Value;
            int errorsBefore = _sink.Items.Count(d => d.Severity == Severity.Error);
            FieldPath? objectPath = null;
            // Fields are named by paths through members (out.handle in a union argument); each path's direction
            // is what every member on it allows: the kernel reads it only if none is "out", writes it only if none is "in".
            AbiField? Field(Located<string>? reference, string role)
            {
                if (reference is not { } r) return null;
                if (arg is null)
                {
                    _sink.Report(DiagnosticCatalog.InvalidSemantics, r.Position, $"{ioctl}'s argument is not a struct, so {role} '{r.Value}' cannot name a field");
                    return null;
                }
                var (field, error) = FieldPaths.Find(arg, r.Value, _aggregate);
                if (field is null)
                {
                    _sink.Report(DiagnosticCatalog.InvalidSemantics, r.Position, $"{role} '{r.Value}' {error}");
                    return null;
                }
                if (role == "object") objectPath = field;
                return field.Field;
            }
            void Require(bool condition, Located<string>? at, string message)
            {
                if (!condition) _sink.Report(DiagnosticCatalog.InvalidSemantics, at?.Position ?? s.Position, message);
            }

            var obj = Field(s.Object, "object");
            if (obj is not null)
            {
                Require(obj.Type.Kind == TypeKind.Handle, s.Object, $"object '{obj.Name}' must be typed by a handle kind (it names the object), not {obj.Type.Name}");
                if (term.ProducesObject)
                    Require(objectPath!.CanWrite, s.Object, $"'{s.Effect.Value}' returns the new handle in '{s.Object!.Value.Value}', so that field (and every member on its path) must be \"out\" or \"inout\"");
                else
                    Require(objectPath!.CanRead, s.Object, $"'{s.Effect.Value}' takes the object from '{s.Object!.Value.Value}', so that field (and every member on its path) must be \"in\" or \"inout\"");
            }
            else if (s.Object is null && term.ProducesObject)
            {
                Require(false, null, $"'{s.Effect.Value}' needs 'object': the out field that receives the new handle");
            }

            var access = Field(s.Access, "access");
            if (access is not null)
                Require(access.Type.Kind == TypeKind.Flags && _flagSet(access.Type.Name) is { } set && set.Flags.Any(f => f.Access != CpuAccess.None),
                    s.Access, $"access field '{access.Name}' must be typed by a flag set whose flags carry \"access\": \"read\"/\"write\"");
            Field(s.ReadAccess, "readAccess");
            Field(s.WriteAccess, "writeAccess");
            // Ending may be direction-less (i915 SW_FINISH); beginning must say read or write.
            if (term.RequiresDirection && s.Access is null && s.ReadAccess is null && s.WriteAccess is null)
                Require(false, null, $"'{term.Spec}' needs the access direction: 'access' (a flags field) or 'readAccess'/'writeAccess'");

            var whenField = Field(s.WhenField, "when.field");
            if (whenField is not null && s.WhenFlag is { } whenFlag)
            {
                bool known = whenField.Type.Kind == TypeKind.Flags && _flagSet(whenField.Type.Name) is { } wset && wset.Flags.Any(f => f.Name == whenFlag.Value);
                Require(known, s.WhenFlag, $"when.flag '{whenFlag.Value}' is not a flag of field '{whenField.Name}''s flag set");
            }

            var pointer = Field(s.Pointer, "pointer");
            if (pointer is not null) Require(pointer.Type.Kind == TypeKind.UserPointer, s.Pointer, $"pointer '{pointer.Name}' must be a ptr field");
            var size = Field(s.Size, "size");
            if (size is not null) Require(size.Type.Kind == TypeKind.Scalar && !Scalars.IsSigned(size.Type.Scalar), s.Size, $"size '{size.Name}' must be an unsigned scalar");
            if (term.RequiresUserRange)
                Require(s.Pointer is not null && s.Size is not null, null, $"'{term.Spec}' needs 'pointer' and 'size' (the ptr and length fields of the user range)");
            if (s.ReadOnlyFlag is { } ro)
            {
                bool known = arg is not null && arg.Fields.Any(f => f.Type.Kind == TypeKind.Flags && _flagSet(f.Type.Name) is { } rs && rs.Flags.Any(x => x.Name == ro.Value));
                Require(known, ro, $"readOnlyFlag '{ro.Value}' is not a flag of any flags field of {ioctl}'s argument");
            }

            if (_sink.Items.Count(d => d.Severity == Severity.Error) > errorsBefore) return null;
            return new AbiSemantic(effect, s.Object?.Value ?? "", s.Access?.Value ?? "", s.ReadAccess?.Value ?? "", s.WriteAccess?.Value ?? "",
                s.WhenField?.Value ?? "", s.WhenFlag?.Value ?? "", s.WhenSet, s.Pointer?.Value ?? "", s.Size?.Value ?? "", s.ReadOnlyFlag?.Value ?? "");
        }
    }
}
