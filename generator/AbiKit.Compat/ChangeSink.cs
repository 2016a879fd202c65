using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>Collects changes with their locations in the old and the new spec.</summary>
    internal sealed class ChangeSink
    {
        private readonly string _oldPath;
        private readonly string _newPath;
        private readonly DeclarationLocator? _locateOld;
        private readonly DeclarationLocator? _locateNew;

        public ChangeSink(string oldPath, string newPath, DeclarationLocator? locateOld, DeclarationLocator? locateNew)
        {
            _oldPath = oldPath;
            _newPath = newPath;
            _locateOld = locateOld;
            _locateNew = locateNew;
        }

        private static ChangeLocation? Locate(string path, string? declaration, DeclarationLocator? locate)
        {
            if (declaration is null) return null;
            var (line, column) = locate?.Invoke(declaration) ?? (0, 0);
            return new ChangeLocation(path, declaration, line, column);
        }

        public List<AbiChange> Items { get; } = new();

        /// <summary>How many breaking changes were reported so far (a comparer compares before and after a declaration).</summary>
        public int BreakingCount => Items.Count(c => c.Severity == CompatSeverity.Breaking);

        /// <summary>Reports a change; a null declaration means the element does not exist on that side.</summary>
        public void Report(ChangeDescriptor descriptor, string? oldDeclaration, string? newDeclaration, string message) =>
            Items.Add(new AbiChange(
                descriptor.Id,
                descriptor.Severity,
                Locate(_oldPath, oldDeclaration, _locateOld),
                Locate(_newPath, newDeclaration, _locateNew),
                message));

        /// <summary>Reports a change of something both versions declare.</summary>
        public void Report(ChangeDescriptor descriptor, string declaration, string message) => Report(descriptor, declaration, declaration, message);

        /// <summary>Reports an informational doc change when the docs differ.</summary>
        public void Doc(string declaration, string oldDoc, string newDoc)
        {
            if (oldDoc != newDoc) Report(ChangeCatalog.DocChanged, declaration, "documentation changed");
        }

        /// <summary>Reports a C# name change when the names differ.</summary>
        public void CsName(string declaration, string oldName, string newName)
        {
            if (oldName != newName) Report(ChangeCatalog.CsNameChanged, declaration, $"C# name '{oldName}' → '{newName}'");
        }
    }

    /// <summary>Pairs declarations of the two versions by name, keeping declaration order.</summary>
    internal static class Matching
    {
        public static Dictionary<string, T> ByName<T>(IEnumerable<T> items, System.Func<T, string> name)
        {
            var map = new Dictionary<string, T>(System.StringComparer.Ordinal);
            // Names are unique after resolution; the first wins should a future kind allow otherwise.
            foreach (var item in items)
            {
                if (!map.ContainsKey(name(item))) map[name(item)] = item;
            }
            return map;
        }

        /// <summary>"x → y on every ABI; a → b on i386": per-ABI differences grouped by value pair.</summary>
        public static string PerArch<T>(IEnumerable<(Arch Arch, T Old, T New)> differences, System.Func<T, string> show) =>
            string.Join("; ", differences
                .GroupBy(d => (show(d.Old), show(d.New)))
                .Select(g => $"{g.Key.Item1} → {g.Key.Item2} on {Arches.Describe(g.Select(d => d.Arch).ToList())}"));

        /// <summary>Same type on both sides (spellings may differ only by C# namespace, which is not ABI).</summary>
        public static bool SameType(TypeRef a, TypeRef b) =>
            a.Kind == b.Kind && a.Scalar == b.Scalar && a.Name == b.Name && a.Family == b.Family;

        /// <summary>Same type, counting an aggregate renamed in place (old name → new name, reported once as such) as the same.</summary>
        public static bool SameType(TypeRef a, TypeRef b, IReadOnlyDictionary<string, string> renamedAggregates) =>
            SameType(a, b) ||
            (a.Kind == b.Kind && a.Scalar == b.Scalar && a.Family == b.Family && renamedAggregates.TryGetValue(a.Name, out var to) && to == b.Name);

        public static string Show(TypeRef type) => type.CType;
    }
}
