using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Lint.Rules;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint
{
    /// <summary>
    /// The kernel's ioctl design rules (Documentation/process/botching-up-ioctls.rst), the ABI3xx family, checked as a
    /// pass of their own over the finished model: each rule reads laid-out structs, ioctls, handles or named values, and
    /// the <see cref="SourceIndex"/> the front end built says where to report and what an element's <c>allow</c>
    /// acknowledges. Rules that make an ABI differ between 32- and 64-bit user space are errors; design advice is a
    /// warning. Resolution reports nothing of this family.
    /// </summary>
    public static class LintPass
    {
        // Each list runs in this order on each element: the order findings of one element are reported in.
        private static readonly IHandleRule[] HandleRules = { new GlobalHandleRule() };
        private static readonly IFieldRule[] FieldRules = { new FieldTypeRule(), new UnmaskedFlagsRule(), new UncheckedReservedRule(), new PointerWithoutLengthRule() };
        private static readonly IStructRule[] StructRules = { new PaddingRule(), new StructLayoutDifferenceRule() };
        private static readonly IIoctlRule[] IoctlRules =
        {
            new IoctlCodeDifferenceRule(), new IoctlArgumentTypeRule(), new NeedlessOutDirectionRule(), new LegacyEncodingRule(), new AuthWithoutRenderRule(),
        };
        private static readonly IValueRule[] ValueRules = { new ImplementationNameRule() };

        /// <summary>Lints <paramref name="family"/> (whatever of it resolved) and adds the findings to <paramref name="sink"/>,
        /// each after the diagnostics that resolution had reported when it finished the element (see
        /// <see cref="EntitySource.ReportedBefore"/>), so the report reads in the order the spec was resolved.</summary>
        /// <param name="family">The resolved model.</param>
        /// <param name="imports">Its imports (an ioctl's argument may be an imported struct).</param>
        /// <param name="index">Where the model's elements are written.</param>
        /// <param name="sink">Receives the findings.</param>
        public static void Run(AbiFamily family, IReadOnlyList<AbiFamily> imports, SourceIndex index, DiagnosticSink sink)
        {
            var context = new LintContext(sink.Path);
            var seen = new Dictionary<string, int>(System.StringComparer.Ordinal);
            int Occurrence(string key) => seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 0;

            foreach (var h in family.Handles)
            {
                if (index.Handle(h.Name, Occurrence("handle " + h.Name)) is not { } at) continue;
                context.Begin(at.ReportedBefore);
                foreach (var rule in HandleRules) rule.Check(context, h, at);
            }
            foreach (var s in family.Structs)
            {
                if (index.Struct(s.Name, Occurrence("struct " + s.Name)) is not { } at || at.Fields.Count != s.Fields.Count) continue;
                context.Begin(at.ReportedBefore);
                for (int i = 0; i < s.Fields.Count; i++)
                {
                    foreach (var rule in FieldRules) rule.Check(context, s, s.Fields[i], at.Fields[i], at);
                }
                foreach (var rule in StructRules) rule.Check(context, s, at);
            }
            foreach (var io in family.Ioctls)
            {
                if (index.Ioctl(io.Name, Occurrence("ioctl " + io.Name)) is not { } at) continue;
                var arg = io.Arg.Kind == TypeKind.Struct ? ArgumentStruct(family, imports, io.Arg) : null;
                context.Begin(at.ReportedBefore);
                foreach (var rule in IoctlRules) rule.Check(context, io, arg, at);
            }
            foreach (var c in family.Constants) CheckValue(context, c.Name, index.Constant(c.Name, Occurrence("constant " + c.Name)));
            foreach (var e in family.Enums)
            {
                foreach (var v in e.Values) CheckValue(context, v.Name, index.EnumValue(e.Name, v.Name, Occurrence($"enum {e.Name} {v.Name}")));
            }
            foreach (var f in family.FlagSets)
            {
                foreach (var v in f.Flags) CheckValue(context, v.Name, index.Flag(f.Name, v.Name, Occurrence($"flags {f.Name} {v.Name}")));
                foreach (var field in f.Fields)
                {
                    foreach (var v in field.Values) CheckValue(context, v.Name, index.FlagFieldValue(f.Name, field.Name, v.Name, Occurrence($"field {f.Name} {field.Name} {v.Name}")));
                }
            }
            sink.Splice(context.Findings);
        }

        private static void CheckValue(LintContext context, string name, ValueSource? at)
        {
            if (at is null) return;
            context.Begin(at.ReportedBefore);
            foreach (var rule in ValueRules) rule.Check(context, name, at);
        }

        // The argument's struct, declared here or in an import (names are unique across a spec and its imports).
        private static AbiStruct? ArgumentStruct(AbiFamily family, IReadOnlyList<AbiFamily> imports, TypeRef arg)
            => family.Structs.Concat(imports.SelectMany(i => i.Structs)).FirstOrDefault(s => s.Name == arg.Name);
    }
}
