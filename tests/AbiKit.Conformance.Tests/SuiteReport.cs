using System.Globalization;

namespace AbiKit.Conformance.Tests;

/// <summary>What the C suite printed for one case: its verdict against the expectation it states (Linux's answer).</summary>
public sealed record CaseResult(string Id, string Status, string Expected, string Observed, string Rule)
{
    /// <summary>The observation in the notation the spec's linuxDifferences use: "SKIP" for a case that could not run.</summary>
    public string Answer => Status == "SKIP" ? "SKIP" : Observed;
}

/// <summary>The parsed output of one run of the suite (tests/AbiKit.Conformance.Tests/Suite).</summary>
public sealed class SuiteReport
{
    private SuiteReport(IReadOnlyList<CaseResult> cases, string output, int exitCode)
    {
        Cases = cases;
        Output = output;
        ExitCode = exitCode;
    }

    /// <summary>Every case, in the suite's order.</summary>
    public IReadOnlyList<CaseResult> Cases { get; }

    /// <summary>Everything the run printed, for failure messages.</summary>
    public string Output { get; }

    /// <summary>The runner's exit status (0: every case passed).</summary>
    public int ExitCode { get; }

    /// <summary>The case with id <paramref name="id"/>.</summary>
    public CaseResult this[string id] => Cases.Single(c => c.Id == id);

    /// <summary>Parses the runner's CASE lines; anything malformed fails loudly rather than being skipped.</summary>
    public static SuiteReport Parse(string output, int exitCode)
    {
        var cases = new List<CaseResult>();
        bool summary = false;
        foreach (var raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("SUMMARY\t", StringComparison.Ordinal)) summary = true;
            if (!line.StartsWith("CASE\t", StringComparison.Ordinal)) continue;
            var f = line.Split('\t');
            if (f.Length != 6 || f[2] is not ("PASS" or "FAIL" or "SKIP"))
                throw new FormatException($"malformed case line: '{line}'");
            cases.Add(new CaseResult(f[1], f[2], f[3], f[4], f[5]));
        }
        if (!summary) throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the suite did not finish (exit {exitCode}); it printed:\n{output}"));
        return new SuiteReport(cases, output, exitCode);
    }
}
