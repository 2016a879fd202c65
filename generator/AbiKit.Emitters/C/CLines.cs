using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Emitters.C
{
    /// <summary>
    /// Lays C text out as the kernel's style tools want it (scripts/checkpatch.pl --strict, scripts/kernel-doc):
    /// comments wrapped at 80 columns, long macros continued with a backslash. Tabs count as 8 columns.
    /// </summary>
    internal static class CLines
    {
        /// <summary>The kernel's preferred line width.</summary>
        public const int Width = 80;

        /// <summary>A C comment of <paramref name="text"/>: <c>/* text */</c> when it fits on one line, else a block.</summary>
        public static List<string> Comment(string text)
        {
            string safe = Text.SafeInComment(text.Trim());
            if (safe.Length == 0) return new List<string>();
            if (safe.Length + 6 <= Width) return new List<string> { "/* " + safe + " */" };
            var lines = new List<string> { "/*" };
            lines.AddRange(Star(safe));
            lines.Add(" */");
            return lines;
        }

        /// <summary>Comment-body lines (<c> * …</c>) of one paragraph.</summary>
        public static List<string> Star(string text) => Text.Wrap(text, Width - 3).Select(l => " * " + l).ToList();

        /// <summary>
        /// A kernel-doc item, <c> * head: text</c> or <c> * head - text</c>, wrapped; continuation lines are indented so
        /// kernel-doc joins them into the same description.
        /// </summary>
        public static List<string> Item(string head, string text)
        {
            var lines = new List<string>();
            var words = Text.Wrap(head + " " + text.Trim(), Width - 3);
            for (int i = 0; i < words.Count; i++) lines.Add(i == 0 ? " * " + words[i] : " *\t" + words[i]);
            return RewrapContinuations(lines);
        }

        /// <summary><c>#define name value</c>, continued with backslashes when it is wider than <see cref="Width"/>:
        /// an OR of flags is broken at its <c>|</c>, anything else moves whole to a tab-indented second line.</summary>
        public static List<string> Define(string name, string value)
        {
            string one = "#define " + name + " " + value;
            if (one.Length <= Width) return new List<string> { one };
            var lines = new List<string> { "#define " + name + " \\" };
            var terms = value.StartsWith("(") && value.EndsWith(")") && value.Contains(" | ")
                ? value.Split(new[] { " | " }, System.StringSplitOptions.None)
                : new[] { value };
            string line = "";
            for (int i = 0; i < terms.Length; i++)
            {
                string term = terms[i] + (i < terms.Length - 1 ? " |" : "");
                if (line.Length > 0 && 8 + line.Length + 1 + term.Length + 2 > Width)
                {
                    lines.Add("\t" + line + " \\");
                    line = "";
                }
                line = line.Length == 0 ? term : line + " " + term;
            }
            lines.Add("\t" + line);
            return lines;
        }

        /// <summary>
        /// <c>head(arg, arg, …)tail</c> after <paramref name="indent"/> (tabs), on one line when it fits in <see cref="Width"/>
        /// columns, else broken after commas with the continuation lines aligned with the open parenthesis, as
        /// checkpatch --strict wants (tabs, then spaces).
        /// </summary>
        public static List<string> Call(string indent, string head, IReadOnlyList<string> args, string tail)
        {
            int column = Columns(indent) + head.Length + 1;
            string one = indent + head + "(" + string.Join(", ", args) + ")" + tail;
            if (Columns(indent) + one.Length - indent.Length <= Width || args.Count < 2) return new List<string> { one };
            string continuation = new string('\t', column / 8) + new string(' ', column % 8);
            var lines = new List<string>();
            string line = indent + head + "(";
            int used = column;
            for (int i = 0; i < args.Count; i++)
            {
                string part = args[i] + (i < args.Count - 1 ? "," : ")" + tail);
                bool first = line.EndsWith("(");
                if (!first && used + 1 + part.Length > Width)
                {
                    lines.Add(line);
                    line = continuation + part;
                    used = column + part.Length;
                }
                else
                {
                    line += (first ? "" : " ") + part;
                    used += (first ? 0 : 1) + part.Length;
                }
            }
            lines.Add(line);
            return lines;
        }

        // Tabs count as 8 columns (only leading tabs occur here).
        private static int Columns(string indent) => indent.Count(c => c == '\t') * 8 + indent.Count(c => c != '\t');

        // A continuation line starts with a tab (8 columns), so it holds fewer characters than the first.
        private static List<string> RewrapContinuations(List<string> lines)
        {
            if (lines.Count <= 1) return lines;
            string rest = string.Join(" ", lines.Skip(1).Select(l => l.Substring(3)));
            var result = new List<string> { lines[0] };
            result.AddRange(Text.Wrap(rest, Width - 10).Select(l => " *\t" + l));
            return result;
        }
    }
}
