using System.Linq;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>
    /// Compares named constants (the header's <c>#define</c>s that array lengths and values name) and the constants the
    /// family takes from other headers (<c>includes</c>). A constant compiled into a program keeps its old value, so a
    /// changed value is as breaking as a changed flag bit; a removed one stops sources compiling.
    /// </summary>
    internal static class ConstantComparer
    {
        public static void Compare(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            CompareConstants(sink, old, now);
            CompareIncluded(sink, old, now);
        }

        private static void CompareConstants(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            var news = Matching.ByName(now.Constants, c => c.Name);
            var olds = Matching.ByName(old.Constants, c => c.Name);
            foreach (var o in old.Constants)
            {
                string declaration = "constant " + o.Name;
                if (!news.TryGetValue(o.Name, out var n))
                {
                    sink.Report(ChangeCatalog.ConstantRemoved, declaration, null, $"'{o.Name}' ({Show(o.Value)}) removed: sources using it stop compiling");
                    continue;
                }
                if (o.Value != n.Value)
                {
                    sink.Report(ChangeCatalog.ConstantChanged, declaration,
                        $"{Show(o.Value)} → {Show(n.Value)}: programs built with the old header keep the old value");
                }
                sink.CsName(declaration, o.CsName, n.CsName);
                sink.Doc(declaration, o.Doc, n.Doc);
            }
            foreach (var n in now.Constants)
            {
                if (!olds.ContainsKey(n.Name)) sink.Report(ChangeCatalog.ConstantAdded, null, "constant " + n.Name, $"'{n.Name}' ({Show(n.Value)}) added");
            }
        }

        private static void CompareIncluded(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            var news = Matching.ByName(now.ExternalConstants, c => c.Name);
            var olds = Matching.ByName(old.ExternalConstants, c => c.Name);
            foreach (var o in old.ExternalConstants)
            {
                string declaration = "included constant " + o.Name;
                if (!news.TryGetValue(o.Name, out var n))
                {
                    sink.Report(ChangeCatalog.IncludesChanged, declaration, null,
                        $"'{o.Name}' of {Header(o)} no longer named" + (IncludesHeader(now, o) ? "" : $": the header stops including {Header(o)}, sources that relied on it through this header must include it themselves"));
                    continue;
                }
                if (o.Value != n.Value)
                {
                    // The values built from it are compared where they are used; this is the expectation the header checks.
                    sink.Report(ChangeCatalog.IncludedConstantChanged, declaration,
                        $"expected {Show(o.Value)} → {Show(n.Value)}: the two headers accept different {Header(o)}s, and every value naming it moves");
                }
                if (o.Header != n.Header || o.System != n.System)
                {
                    sink.Report(ChangeCatalog.IncludesChanged, declaration, $"taken from {Header(o)} → {Header(n)}");
                }
            }
            foreach (var n in now.ExternalConstants)
            {
                if (olds.ContainsKey(n.Name)) continue;
                sink.Report(ChangeCatalog.IncludesChanged, null, "included constant " + n.Name,
                    $"'{n.Name}' of {Header(n)} now named" + (IncludesHeader(old, n) ? "" : $": the header now includes {Header(n)}"));
            }
        }

        private static bool IncludesHeader(AbiFamily family, AbiExternalConstant constant) =>
            family.ExternalConstants.Any(c => c.Header == constant.Header && c.System == constant.System);

        private static string Header(AbiExternalConstant c) => c.System ? $"<{c.Header}>" : $"\"{c.Header}\"";

        private static string Show(long value) => value is >= 0 and < 10 ? value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value < 0 ? value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"{value} (0x{value:X})";
    }
}
