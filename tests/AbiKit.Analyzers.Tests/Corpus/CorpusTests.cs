using System.Globalization;
using System.Text;
using AbiKit.Analyzers.Rules;
using AbiKit.TestSupport;
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

    // One run of the analyzers over the corpus serves every test of this class.
    private static readonly Lazy<Task<Score>> Scored = new(ScoreAsync);

    /// <summary>The page that shows the corpus numbers; its table between the markers is this test's output.</summary>
    private static string DocsPage => Repo.PathOf("docs", "diagnostics", "corpus.md");

    private const string BeginMarker = "<!-- corpus-numbers:begin (written by CorpusTests; ABIKIT_ACCEPT=1 rewrites it) -->";
    private const string EndMarker = "<!-- corpus-numbers:end -->";

    [Fact]
    public async Task The_docs_show_the_numbers_measured_on_the_corpus()
    {
        var score = await Scored.Value;
        string page = File.ReadAllText(DocsPage).Replace("\r\n", "\n", StringComparison.Ordinal);
        int begin = page.IndexOf(BeginMarker, StringComparison.Ordinal);
        int end = page.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{DocsPage} has no corpus-numbers markers");
        string measured = "\n" + score.Markdown() + "\n";
        string documented = page.Substring(begin + BeginMarker.Length, end - begin - BeginMarker.Length);
        if (documented == measured) return;
        if (Snapshot.AcceptEnabled)
        {
            File.WriteAllText(DocsPage, page.Substring(0, begin + BeginMarker.Length) + measured + page.Substring(end));
            return;
        }
        Assert.Fail($"{DocsPage} shows other numbers than the corpus gives; rerun with ABIKIT_ACCEPT=1 to rewrite them. Measured:{measured}");
    }

    [Fact]
    public async Task Every_rule_meets_the_precision_and_recall_targets()
    {
        var score = await Scored.Value;
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
        // Scored with the analyzer the compiler loads (all five rules from one fixed point per method).
        var diagnostics = new List<Diagnostic>(await AnalyzerHarness.RunAsync(new TypestateRulesAnalyzer(), compilation));

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

        /// <summary>The numbers as the docs show them: per rule, then per pattern family.</summary>
        public string Markdown()
        {
            static string Percent(double value) => (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            var text = new StringBuilder($"{Cases.Count} cases, {ByRule.Values.Sum(r => r.Tp + r.Fn)} labelled findings.\n\n");
            text.Append("| Rule | Positive cases | Labelled findings | TP | FP | FN | Precision | Recall |\n|---|---|---|---|---|---|---|---|\n");
            foreach (var (rule, (tp, fp, fn)) in ByRule.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                int positives = Cases.Count(c => c.Members.Contains("{|" + rule + ":", StringComparison.Ordinal));
                text.Append($"| {rule} | {positives} | {tp + fn} | {tp} | {fp} | {fn} | {Percent(Precision(tp, fp))} | {Percent(Recall(tp, fn))} |\n");
            }
            text.Append("\n| Family | Cases | Cases with a finding | TP | FP | FN |\n|---|---|---|---|---|---|\n");
            foreach (var family in Cases.Select(c => c.Family).Distinct().OrderBy(f => f, StringComparer.Ordinal))
            {
                ByFamily.TryGetValue(family, out var c);
                int positive = Cases.Count(x => x.Family == family && x.Members.Contains("{|ABI", StringComparison.Ordinal));
                text.Append($"| {family} | {Cases.Count(x => x.Family == family)} | {positive} | {c.Tp} | {c.Fp} | {c.Fn} |\n");
            }
            return text.ToString();
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
