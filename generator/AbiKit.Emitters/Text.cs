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

        /// <summary>Breaks up comment delimiters so doc text cannot end a C comment or open a nested one, and every
        /// <c>??</c> so no trigraph forms (C90 reads <c>??/</c> as a backslash; gcc -Wtrigraphs warns on it).</summary>
        public static string SafeInComment(string text)
        {
            text = text.Replace("*/", "* /").Replace("/*", "/ *");
            while (text.IndexOf("??", StringComparison.Ordinal) >= 0) text = text.Replace("??", "? ?");
            return text;
        }

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

        // Every character C or C# ends a line at (C#: CR, LF, NEL, LS, PS) splits the doc, so a doc line can never
        // continue as code after a // or /// comment; what remains is made printable (see Printable).
        private static List<string> Lines(string doc)
            => (doc ?? "").Replace("\r\n", "\n").Split(LineBreaks).Select(l => Printable(l).TrimEnd()).SkipWhile(l => l.Length == 0).ToList();

        private static readonly char[] LineBreaks = { '\n', '\r', '\u0085', '\u2028', '\u2029' };

        /// <summary>
        /// <paramref name="text"/> with every control character (C0, DEL, C1; tab included) and the non-characters U+FFFE
        /// and U+FFFF replaced by a space: none of them belongs in a comment, XML forbids most of them (CS1570), and a
        /// form feed or vertical tab in a header only confuses tools.
        /// </summary>
        public static string Printable(string text)
        {
            bool clean = true;
            foreach (char c in text)
            {
                if (IsUnprintable(c)) { clean = false; break; }
            }
            if (clean) return text;
            var chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (IsUnprintable(chars[i])) chars[i] = ' ';
            }
            return new string(chars);
        }

        private static bool IsUnprintable(char c) => char.IsControl(c) || c == '\uFFFE' || c == '\uFFFF';

        /// <summary>A C# regular string literal's content for <paramref name="text"/>: quotes, backslashes, line breaks
        /// (also NEL, LS, PS, which end a C# line) and control characters escaped.</summary>
        public static string CsStringContent(string text)
        {
            var sb = new System.Text.StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF') sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Hex spelling of a value in C90 (no long long literals: wide values are built with a shift).</summary>
        public static string CHex(ulong value)
        {
            if (value <= 0xFFFFFFFFUL) return "0x" + value.ToString("x", CultureInfo.InvariantCulture) + (value > 0x7FFFFFFF ? "u" : "");
            return $"(((__u64)0x{(value >> 32).ToString("x", CultureInfo.InvariantCulture)}u << 32) | 0x{(value & 0xFFFFFFFF).ToString("x", CultureInfo.InvariantCulture)}u)";
        }

        /// <summary>A value as the spec writes it (<paramref name="expression"/>), parenthesized unless it is one token or
        /// already is; <paramref name="fallback"/> when the spec wrote none C could read as the same number.</summary>
        public static string CExpression(string expression, string fallback)
        {
            if (expression.Length == 0) return fallback;
            bool token = expression.All(c => char.IsLetterOrDigit(c) || c == '_');
            return token || Parenthesized(expression) ? expression : "(" + expression + ")";
        }

        // True when the first '(' closes at the very end: "(1 << 2)" but not "(1) | (2)".
        private static bool Parenthesized(string text)
        {
            if (text.Length < 2 || text[0] != '(' || text[text.Length - 1] != ')') return false;
            int depth = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')' && --depth == 0 && i < text.Length - 1) return false;
            }
            return true;
        }

        /// <summary>Signed decimal spelling of an enum value in C.</summary>
        public static string CSigned(long value)
            => value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + ")" : value.ToString(CultureInfo.InvariantCulture);

        /// <summary>C# hex literal.</summary>
        public static string CsHex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
    }
}
