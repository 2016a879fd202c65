using System.Globalization;
using System.Text;

namespace AbiKit.TestSupport;

/// <summary>A compact, unified-style line diff for failure messages.</summary>
public static class LineDiff
{
    // Beyond this many edits the Myers search stops and the rest is shown as one replaced block.
    private const int MaxEditDistance = 1000;

    /// <summary>
    /// Renders the differences between two texts (split on \n) as hunks with one line of context.
    /// Lines read <c>-  12 | text</c> (only in <paramref name="oldText"/>, numbered there),
    /// <c>+  12 | text</c> (only in <paramref name="newText"/>, numbered there) and
    /// <c>   12 | text</c> (context, numbered in the new text).
    /// </summary>
    /// <param name="oldText">The expected (verified) text.</param>
    /// <param name="newText">The actual (received) text.</param>
    /// <param name="maxChangedLines">Stop after this many -/+ lines and say how many were left out.</param>
    /// <returns>The rendered diff, or an empty string when the texts have equal lines.</returns>
    public static string Render(string oldText, string newText, int maxChangedLines = 40)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var ops = Diff(a, b);
        if (ops.All(o => o.Kind == ' '))
        {
            return string.Empty;
        }

        // Print every change plus one line of context either side; "@@" marks skipped lines.
        var marked = new bool[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Kind != ' ')
            {
                marked[i] = true;
                if (i > 0)
                {
                    marked[i - 1] = true;
                }

                if (i + 1 < ops.Count)
                {
                    marked[i + 1] = true;
                }
            }
        }

        var totalChanged = ops.Count(o => o.Kind != ' ');
        var shown = 0;
        var sb = new StringBuilder();
        var previous = -1;
        for (var i = 0; i < ops.Count; i++)
        {
            if (!marked[i])
            {
                continue;
            }

            if (ops[i].Kind != ' ' && shown == maxChangedLines)
            {
                break;
            }

            if (i != previous + 1)
            {
                sb.Append("@@ -").Append(ops[i].OldLine).Append(" +").Append(ops[i].NewLine).AppendLine(" @@");
            }

            Append(sb, ops[i]);
            previous = i;
            if (ops[i].Kind != ' ')
            {
                shown++;
            }
        }

        if (totalChanged > shown)
        {
            sb.Append("... ").Append(totalChanged - shown).AppendLine(" more changed lines not shown");
        }

        return sb.ToString().TrimEnd('\n');
    }

    private static void Append(StringBuilder sb, Op op)
    {
        var number = op.Kind == '-' ? op.OldLine : op.NewLine;
        sb.Append(op.Kind).Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(5)).Append(" | ").AppendLine(op.Text);
    }

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var t = text.EndsWith('\n') ? text[..^1] : text;
        return t.Split('\n');
    }

    /// <summary>Myers' O((N+M)D) diff on the middle part left after trimming the common prefix and suffix.</summary>
    private static List<Op> Diff(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var ops = new List<Op>(a.Length + b.Length);
        for (var k = 0; k < prefix; k++)
        {
            ops.Add(new Op(' ', a[k], k + 1, k + 1));
        }

        var middle = Middle(a, b, prefix, a.Length - suffix, prefix, b.Length - suffix);
        ops.AddRange(middle);
        for (var k = 0; k < suffix; k++)
        {
            var ai = a.Length - suffix + k;
            var bi = b.Length - suffix + k;
            ops.Add(new Op(' ', a[ai], ai + 1, bi + 1));
        }

        return ops;
    }

    private static List<Op> Middle(string[] a, string[] b, int a0, int a1, int b0, int b1)
    {
        var n = a1 - a0;
        var m = b1 - b0;
        var result = new List<Op>();
        if (n == 0 || m == 0)
        {
            for (var i = a0; i < a1; i++)
            {
                result.Add(new Op('-', a[i], i + 1, b0 + 1));
            }

            for (var j = b0; j < b1; j++)
            {
                result.Add(new Op('+', b[j], a1 + 1, j + 1));
            }

            return result;
        }

        var max = Math.Min(n + m, MaxEditDistance);
        var offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= max && found < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                {
                    x = v[offset + k + 1];
                }
                else
                {
                    x = v[offset + k - 1] + 1;
                }

                var y = x - k;
                while (x < n && y < m && a[a0 + x] == b[b0 + y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            // Too different to be worth aligning: show everything as removed, then added.
            for (var i = a0; i < a1; i++)
            {
                result.Add(new Op('-', a[i], i + 1, b0 + 1));
            }

            for (var j = b0; j < b1; j++)
            {
                result.Add(new Op('+', b[j], a1 + 1, j + 1));
            }

            return result;
        }

        // Backtrack through the saved V arrays.
        var cx = n;
        var cy = m;
        var reversed = new List<Op>();
        for (var d = found; d > 0; d--)
        {
            var vd = trace[d];
            var k = cx - cy;
            var prevK = k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
            var prevX = vd[offset + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                cx--;
                cy--;
                reversed.Add(new Op(' ', a[a0 + cx], a0 + cx + 1, b0 + cy + 1));
            }

            if (cx == prevX)
            {
                cy--;
                reversed.Add(new Op('+', b[b0 + cy], a0 + cx + 1, b0 + cy + 1));
            }
            else
            {
                cx--;
                reversed.Add(new Op('-', a[a0 + cx], a0 + cx + 1, b0 + cy + 1));
            }
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            reversed.Add(new Op(' ', a[a0 + cx], a0 + cx + 1, b0 + cy + 1));
        }

        reversed.Reverse();
        return reversed;
    }

    private readonly record struct Op(char Kind, string Text, int OldLine, int NewLine);
}
