using System.Text;

namespace AbiKit.Benchmarks;

/// <summary>
/// The analyzer-cost corpus: scripts/measure-analyzers.sh's file (a correct AbiKit method, a wrong one, a plain one)
/// plus, for a consumer-like mix, plain methods of four kinds (LINQ and strings, parsing with try/switch,
/// dictionaries with a using, arithmetic over arrays).
/// </summary>
internal static class AnalyzerCorpus
{
    /// <summary>File <paramref name="i"/> with <paramref name="plain"/> extra plain methods.</summary>
    public static string File(int i, int plain) => $$"""
using AbiKit.Alloc;
using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Runtime.Channels;

namespace Corpus;

internal static class Usage{{i}}
{
    public static int Correct(IIoctlChannel channel, bool flag)
    {
        using var buffer = AllocBuffer.Create(channel, 4096 * {{i}});
        using (buffer.Pin())
        {
            for (int n = 0; n < 4; n++)
            {
                using var cpu = buffer.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write);
                cpu.Span[n] = (byte)n;
                if (flag && n == 2) break;
            }
        }
        try { return buffer.IsBusy ? 1 : 0; } finally { buffer.Advise(Advice.Willneed); }
    }

    public static byte Wrong(IIoctlChannel channel, bool flag)
    {
        var buffer = AllocBuffer.Create(channel, 4096);
        var cpu = buffer.BeginCpuAccess(CpuAccess.Read);
        if (flag) return cpu.Span[0];
        cpu.Dispose();
        return cpu.Span[1];
    }

    public static int Plain(int[] values)
    {
        int sum = 0;
        foreach (var v in values) { if (v % 3 == 0) continue; sum += v * {{i}}; }
        return sum;
    }
{{Extra(i, plain)}}
}
""";
    private static string Extra(int i, int plain)
    {
        var sb = new StringBuilder();
        for (int k = 0; k < plain; k++)
        {
            sb.Append((k % 4) switch
            {
                0 => $$$"""
    public static string Text{{{k}}}(IEnumerable<string> names, int limit)
    {
        var list = names.Where(n => n.Length > {{{k}}}).OrderBy(n => n).Take(limit).ToList();
        return string.Join(", ", list.Select((n, j) => $"{j}:{n.ToUpperInvariant()}"));
    }
""",
                1 => $$$"""
    public static int Parse{{{k}}}(string text)
    {
        try
        {
            switch (text.Length)
            {
                case 0: return -1;
                case {{{k}}}: return int.Parse(text) * 2;
                default: return int.TryParse(text, out var v) ? v + {{{i}}} : 0;
            }
        }
        catch (FormatException) { return -2; }
    }
""",
                2 => $$$"""
    public static Dictionary<int, List<string>> Group{{{k}}}(string[] words)
    {
        var map = new Dictionary<int, List<string>>();
        for (int w = 0; w < words.Length; w++)
        {
            if (!map.TryGetValue(words[w].Length, out var bucket)) map[words[w].Length] = bucket = new List<string>();
            bucket.Add(words[w]);
        }
        using var sw = new System.IO.StringWriter();
        foreach (var pair in map) sw.Write(pair.Key + {{{k}}});
        return map;
    }
""",
                _ => $$$"""
    public static double Stats{{{k}}}(double[] xs, bool square)
    {
        double s = 0, m = xs.Length == 0 ? 0 : xs.Average();
        foreach (var x in xs) s += square ? (x - m) * (x - m) : Math.Abs(x - m);
        return xs.Length > 1 ? s / (xs.Length - 1) + {{{k}}} : s;
    }
""",
            });
        }
        return sb.ToString();
    }
}
