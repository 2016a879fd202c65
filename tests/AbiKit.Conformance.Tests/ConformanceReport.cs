using System.Text;
using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>
/// Writes artifacts/test-results/conformance.md: per case, what Linux and AbiKit answered and the verdict
/// (agree, recorded difference with its reason, or unexplained). CI keeps it with the test results.
/// </summary>
public static class ConformanceReport
{
    /// <summary>Writes the report and returns its path.</summary>
    public static string Write(SuiteReport linux, SuiteReport abikit)
    {
        var byId = abikit.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        int agree = 0, recorded = 0, unexplained = 0;
        var rows = new StringBuilder();
        foreach (var l in linux.Cases)
        {
            byId.TryGetValue(l.Id, out var a);
            string verdict;
            if (l.Status != "PASS")
            {
                verdict = "**Linux disagrees with the suite**";
                unexplained++;
            }
            else if (a is { Status: "PASS" })
            {
                verdict = "agree";
                agree++;
            }
            else if (RecordedDifferences.ByCase.TryGetValue(l.Id, out var r) && a is not null && r.Difference.AbiKit == a.Answer)
            {
                verdict = $"recorded ({r.Ioctl}): {r.Difference.Reason}";
                recorded++;
            }
            else
            {
                verdict = "**unexplained**";
                unexplained++;
            }
            rows.Append("| `").Append(l.Id).Append("` | ").Append(Cell(l.Rule)).Append(" | ").Append(Cell(l.Observed)).Append(" | ")
                .Append(Cell(a?.Answer ?? "(not run)")).Append(" | ").Append(Cell(verdict)).AppendLine(" |");
        }
        var text = new StringBuilder()
            .AppendLine("# DRM conformance: Linux vs AbiKit")
            .AppendLine()
            .Append("Linux ").Append(LinuxRun.Kernel).Append(" with vgem under qemu (boot, run and power-off: ").Append(LinuxRun.BootSeconds)
            .AppendLine(" s) and AbiKit's reference device behind its FUSE node, running the same binary.")
            .AppendLine()
            .Append(linux.Cases.Count).Append(" cases: ").Append(agree).Append(" agree, ").Append(recorded).Append(" recorded differences, ")
            .Append(unexplained).AppendLine(" unexplained.")
            .AppendLine()
            .AppendLine("| case | rule | Linux | AbiKit | verdict |")
            .AppendLine("|---|---|---|---|---|")
            .Append(rows);
        string path = Repo.PathOf("artifacts", "test-results", "conformance.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
