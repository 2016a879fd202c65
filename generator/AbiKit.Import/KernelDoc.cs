using System.Text;
using System.Text.RegularExpressions;

namespace AbiKit.Import;

/// <summary>
/// Reads kernel-doc: the <c>/** … */</c> comment castxml attaches to a declaration (or that ends on the line before
/// a macro), its summary (<c>struct foo - what it is</c>) and its <c>@member: text</c> paragraphs.
/// </summary>
internal sealed partial class KernelDoc
{
    private readonly Dictionary<string, string[]> _files = new(StringComparer.Ordinal);

    private string[] Lines(string file)
    {
        if (!_files.TryGetValue(file, out var lines))
        {
            lines = File.Exists(file) ? File.ReadAllLines(file) : [];
            _files[file] = lines;
        }

        return lines;
    }

    /// <summary>The text of header line <paramref name="line"/> (1-based), or empty.</summary>
    public string Line(string file, int line)
    {
        var lines = Lines(file);
        return line >= 1 && line <= lines.Length ? lines[line - 1] : "";
    }

    /// <summary>The comment between two lines, as paragraphs of text without the comment markers.</summary>
    public Comment? Read(string file, int beginLine, int endLine)
    {
        var lines = Lines(file);
        if (beginLine < 1 || endLine > lines.Length || beginLine > endLine) return null;
        var text = new List<string>();
        for (int i = beginLine - 1; i < endLine; i++)
        {
            string l = lines[i].Trim();
            if (i == beginLine - 1) l = Regex.Replace(l, @"^/\*+!?<?", "");
            if (i == endLine - 1) l = Regex.Replace(l, @"\*+/.*$", "");
            l = Regex.Replace(l, @"^\*+ ?", "");
            if (l.StartsWith("//", StringComparison.Ordinal)) l = l.TrimStart('/').TrimStart('<').Trim();
            text.Add(l.Trim());
        }

        return Comment.Parse(text);
    }

    /// <summary>The <c>/** … */</c> comment that ends on the line before <paramref name="line"/>, if any.</summary>
    public Comment? Before(string file, int line)
    {
        var lines = Lines(file);
        int end = line - 1;
        if (end < 1 || end > lines.Length || !lines[end - 1].TrimEnd().EndsWith("*/", StringComparison.Ordinal)) return null;
        int begin = end;
        while (begin >= 1 && !lines[begin - 1].Contains("/*", StringComparison.Ordinal)) begin--;
        if (begin < 1 || !lines[begin - 1].TrimStart().StartsWith("/**", StringComparison.Ordinal)) return null;
        return Read(file, begin, end);
    }

    /// <summary>A parsed comment.</summary>
    public sealed partial class Comment
    {
        /// <summary>The text before any <c>@member:</c> paragraph (with a <c>struct x -</c> heading reduced to its summary).</summary>
        public string Summary { get; private set; } = "";

        /// <summary>The <c>@member:</c> paragraphs by member designator.</summary>
        public Dictionary<string, string> Members { get; } = new(StringComparer.Ordinal);

        internal static Comment Parse(List<string> lines)
        {
            var c = new Comment();
            var summary = new StringBuilder();
            StringBuilder? member = null;
            string? memberName = null;
            void Flush()
            {
                if (memberName is not null && member is not null) c.Members[memberName] = Normalize(member.ToString());
            }

            foreach (var line in lines)
            {
                var m = MemberLine().Match(line);
                if (m.Success)
                {
                    Flush();
                    memberName = m.Groups[1].Value;
                    member = new StringBuilder(m.Groups[2].Value);
                    continue;
                }

                var target = member ?? summary;
                if (line.Length == 0) target.Append("\n\n");
                else target.Append(target.Length == 0 || target[^1] == '\n' ? "" : " ").Append(line);
            }

            Flush();
            string s = Normalize(summary.ToString());
            var heading = Heading().Match(s);
            if (heading.Success) s = Normalize(heading.Groups[1].Value + (heading.Groups[2].Value.Length > 0 ? "\n\n" + heading.Groups[2].Value : ""));
            c.Summary = s;
            return c;
        }

        private static string Normalize(string s) => Regex.Replace(Regex.Replace(s.Trim(), "\n{3,}", "\n\n"), "[ \t]+", " ");

        [GeneratedRegex(@"^@([A-Za-z_][A-Za-z0-9_.]*)\s*:\s*(.*)$")]
        private static partial Regex MemberLine();

        [GeneratedRegex(@"^(?:struct|union|enum)\s+\w+\s*-\s*([^\n]*)(?:\n\n)?(.*)$", RegexOptions.Singleline)]
        private static partial Regex Heading();
    }
}
