using System.Text;
using AbiKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>
/// Precision and recall of the typestate rules on the labelled corpus (<see cref="CorpusCase"/>): every case is a
/// class of its own in one compilation, the analyzers run once over it, and each (rule, span) reported is matched
/// against the markup. The targets are per rule: precision ≥ 95%, recall ≥ 90%.
/// </summary>
public class CorpusTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Runtime.InteropServices;
        using System.Text;
        using System.Threading.Tasks;
        using AbiKit.Alloc;
        using AbiKit.Interop.Alloc;
        using AbiKit.Model;
        using AbiKit.Runtime;
        using AbiKit.Runtime.Channels;
        using Acme.Gpu;
        using DmaBuf = AbiKit.Interop.DmaBuf;

        """;

    private static readonly string[] Rules = ["ABI001", "ABI002", "ABI003", "ABI004", "ABI005"];

    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    /// <summary>Every case of the corpus.</summary>
    public static IReadOnlyList<CorpusCase> Cases { get; } = [.. LifetimeCases.All(), .. WindowCases.All(), .. PinAndSecondApiCases.All(), .. MoreCases.All(), .. ReachCases.All()];

    [Fact]
    public void The_corpus_is_large_enough_and_names_are_unique()
    {
        Assert.True(Cases.Count >= 200, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.ToString()).Distinct().Count());
        foreach (var family in Cases.GroupBy(c => c.Family))
            Assert.True(family.Count() >= 10, $"family {family.Key} has {family.Count()} cases");
        foreach (var rule in Rules)
        {
            int positives = Cases.Count(c => c.Members.Contains("{|" + rule + ":", StringComparison.Ordinal));
            Assert.True(positives >= 10, $"{rule} has {positives} positive cases");
        }
    }

    [Fact]
    public async Task Every_rule_meets_the_precision_and_recall_targets()
    {
        var score = await ScoreAsync();
        _output.WriteLine(score.Table());
        foreach (var miss in score.Misses) _output.WriteLine(miss);
        foreach (var rule in Rules)
        {
            var (tp, fp, fn) = score.ByRule[rule];
            Assert.True(Precision(tp, fp) >= 0.95, $"{rule}: precision {Precision(tp, fp):P1}\n{score.Table()}\n{string.Join("\n", score.Misses)}");
            Assert.True(Recall(tp, fn) >= 0.90, $"{rule}: recall {Recall(tp, fn):P1}\n{score.Table()}\n{string.Join("\n", score.Misses)}");
        }
    }

    private static double Precision(int tp, int fp) => tp + fp == 0 ? 1 : (double)tp / (tp + fp);

    private static double Recall(int tp, int fn) => tp + fn == 0 ? 1 : (double)tp / (tp + fn);

    /// <summary>Runs the typestate analyzers over the corpus and scores them.</summary>
    internal static async Task<Score> ScoreAsync()
    {
        var source = new StringBuilder("namespace Corpus\n{\n").Append(Usings);
        var expected = new List<(string Id, TextSpan Span, CorpusCase Case)>();
        var caseSpans = new List<(TextSpan Span, CorpusCase Case)>();
        int offset = HandApi.Source.Length;
        for (int i = 0; i < Cases.Count; i++)
        {
            var (members, marks) = AnalyzerHarness.ParseMarkup(Cases[i].Members);
            source.Append("public class Case").Append(i).Append("\n{\n");
            int start = offset + source.Length;
            source.Append(members).Append("\n}\n");
            caseSpans.Add((TextSpan.FromBounds(start, offset + source.Length), Cases[i]));
            expected.AddRange(marks.Select(m => (m.Id, new TextSpan(m.Span.Start + start, m.Span.Length), Cases[i])));
        }
        source.Append("}\n");
        var compilation = AnalyzerHarness.Compile([HandApi.Source + source, .. GeneratedClients.Of("dma-buf")]);
        var diagnostics = new List<Diagnostic>();
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new UnpinnedAccessAnalyzer(), new CpuAccessSyncAnalyzer(), new LifetimeAnalyzer() })
            diagnostics.AddRange(await AnalyzerHarness.RunAsync(analyzer, compilation));

        var score = new Score();
        var actual = diagnostics.Where(d => Rules.Contains(d.Id) && d.Location.SourceTree?.FilePath == "/Test0.cs").Select(d => (d.Id, d.Location.SourceSpan)).Distinct().ToList();
        string text = HandApi.Source + source;
        CorpusCase? CaseAt(int position) => caseSpans.FirstOrDefault(c => c.Span.Contains(position)).Case;
        foreach (var rule in Rules) score.ByRule[rule] = (0, 0, 0);
        foreach (var (id, span, c) in expected)
        {
            var (tp, fp, fn) = score.ByRule[id];
            bool found = actual.Contains((id, span));
            score.ByRule[id] = found ? (tp + 1, fp, fn) : (tp, fp, fn + 1);
            score.Count(c.Family, found ? 1 : 0, 0, found ? 0 : 1);
            if (!found) score.Misses.Add($"missed {id} in {c}: '{text.Substring(span.Start, span.Length)}'");
        }
        foreach (var (id, span) in actual)
        {
            if (expected.Any(e => e.Id == id && e.Span == span)) continue;
            var c = CaseAt(span.Start);
            if (c is null) continue; // the hand API itself
            var (tp, fp, fn) = score.ByRule[id];
            score.ByRule[id] = (tp, fp + 1, fn);
            score.Count(c.Family, 0, 1, 0);
            score.Misses.Add($"false {id} in {c}: '{text.Substring(span.Start, span.Length)}'");
        }
        return score;
    }

    /// <summary>True and false positives and false negatives, per rule and per pattern family.</summary>
    internal sealed class Score
    {
        public Dictionary<string, (int Tp, int Fp, int Fn)> ByRule { get; } = new();

        public SortedDictionary<string, (int Tp, int Fp, int Fn)> ByFamily { get; } = new(StringComparer.Ordinal);

        public List<string> Misses { get; } = new();

        public void Count(string family, int tp, int fp, int fn)
        {
            ByFamily.TryGetValue(family, out var c);
            ByFamily[family] = (c.Tp + tp, c.Fp + fp, c.Fn + fn);
        }

        public string Table()
        {
            var text = new StringBuilder($"corpus: {Cases.Count} cases\n| Rule | Labelled | TP | FP | FN | Precision | Recall |\n|---|---|---|---|---|---|---|\n");
            foreach (var (rule, (tp, fp, fn)) in ByRule.OrderBy(r => r.Key, StringComparer.Ordinal))
                text.Append($"| {rule} | {tp + fn} | {tp} | {fp} | {fn} | {Precision(tp, fp):P1} | {Recall(tp, fn):P1} |\n");
            text.Append("| Family | Cases | TP | FP | FN | Precision | Recall |\n|---|---|---|---|---|---|---|\n");
            foreach (var (family, (tp, fp, fn)) in ByFamily)
                text.Append($"| {family} | {Cases.Count(c => c.Family == family)} | {tp} | {fp} | {fn} | {Precision(tp, fp):P1} | {Recall(tp, fn):P1} |\n");
            return text.ToString();
        }
    }
}
