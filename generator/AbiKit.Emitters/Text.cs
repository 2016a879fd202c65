using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AbiKit.Emitters
{
    /// <summary>Text helpers shared by the emitters: doc strings made safe for comments, numbers spelled for C and C#.</summary>
    internal static class Text
    {
        /// <summary>Doc text split into lines, safe inside a C block comment (no <c>*/</c>).</summary>
        public static List<string> CommentLines(string doc)
            => Lines(doc).Select(SafeInComment).ToList();

        /// <summary>Breaks up comment delimiters so doc text cannot end a C comment or open a nested one.</summary>
        public static string SafeInComment(string text) => text.Replace("*/", "* /").Replace("/*", "/ *");

        /// <summary>Doc text safe inside XML doc comments.</summary>
        public static List<string> XmlLines(string doc)
            => Lines(doc).Select(l => l.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")).ToList();

        /// <summary>The first sentence or line of a doc, for one-line summaries.</summary>
        public static string Summary(string doc)
        {
            var first = Lines(doc).FirstOrDefault() ?? "";
            int dot = first.IndexOf(". ", StringComparison.Ordinal);
            return SafeInComment(dot > 0 ? first.Substring(0, dot + 1) : first);
        }

        /// <summary>The whole doc on one comment-safe line.</summary>
        public static string OneLine(string doc) => string.Join(" ", CommentLines(doc));

        /// <summary>The doc after its summary, as comment lines.</summary>
        public static List<string> Rest(string doc)
        {
            var lines = Lines(doc);
            if (lines.Count == 0) return lines;
            string first = lines[0];
            int dot = first.IndexOf(". ", StringComparison.Ordinal);
            var rest = new List<string>();
            if (dot > 0) rest.Add(first.Substring(dot + 2).Trim());
            rest.AddRange(lines.Skip(1));
            return rest.Where(l => l.Length > 0).Select(SafeInComment).ToList();
        }

        /// <summary>Greedy word wrap of <paramref name="text"/> into lines of at most <paramref name="width"/> characters
        /// (a word longer than that stands alone on its line).</summary>
        public static List<string> Wrap(string text, int width)
        {
            var lines = new List<string>();
            var line = new System.Text.StringBuilder();
            foreach (var word in (text ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            if (line.Length > 0) lines.Add(line.ToString());
            return lines;
        }

        private static List<string> Lines(string doc)
            => (doc ?? "").Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).ToList();

        /// <summary>Hex spelling of a value in C90 (no long long literals: wide values are built with a shift).</summary>
        public static string CHex(ulong value)
        {
            if (value <= 0xFFFFFFFFUL) return "0x" + value.ToString("x", CultureInfo.InvariantCulture) + (value > 0x7FFFFFFF ? "u" : "");
            return $"(((__u64)0x{(value >> 32).ToString("x", CultureInfo.InvariantCulture)}u << 32) | 0x{(value & 0xFFFFFFFF).ToString("x", CultureInfo.InvariantCulture)}u)";
        }

        /// <summary>Signed decimal spelling of an enum value in C.</summary>
        public static string CSigned(long value)
            => value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + ")" : value.ToString(CultureInfo.InvariantCulture);

        /// <summary>C# hex literal.</summary>
        public static string CsHex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
    }
}
