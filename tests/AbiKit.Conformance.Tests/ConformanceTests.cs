namespace AbiKit.Conformance.Tests;

/// <summary>
/// One C suite, two sides: Linux (vgem, in qemu) must answer every case as the suite states; AbiKit must answer
/// as Linux does, or as the spec records an intended difference — nothing else, and no stale record.
/// </summary>
public sealed class ConformanceTests
{
    [Fact]
    public void Linux_answers_every_case_as_the_suite_states()
    {
        var linux = LinuxRun.Report;
        ConformanceReport.Write(linux, AbiKitRun.Report);
        var wrong = linux.Cases.Where(c => c.Status != "PASS").ToList();
        Assert.True(wrong.Count == 0,
            $"Linux {LinuxRun.Kernel} disagrees with the suite on {wrong.Count} case(s) — the suite's expectation is wrong, not the kernel:\n"
            + string.Join('\n', wrong.Select(c => $"  {c.Id}: expected '{c.Expected}', Linux answered '{c.Observed}' ({c.Rule})")));
        Assert.True(linux.Cases.Count >= 60, $"only {linux.Cases.Count} cases ran in the guest");
    }

    [Fact]
    public void AbiKit_answers_as_Linux_or_as_the_spec_records()
    {
        var abikit = AbiKitRun.Report;
        var problems = new List<string>();
        foreach (var c in abikit.Cases)
        {
            bool recorded = RecordedDifferences.ByCase.TryGetValue(c.Id, out var record);
            if (c.Status == "PASS")
            {
                if (recorded) problems.Add($"{c.Id}: AbiKit now answers as Linux ('{c.Observed}'), but {record.Ioctl} still records a difference: remove it");
            }
            else if (!recorded)
            {
                problems.Add($"{c.Id}: Linux answers '{c.Expected}', AbiKit '{c.Answer}' ({c.Rule}) — fix AbiKit or record the difference with its reason in the spec (linuxDifferences)");
            }
            else if (record.Difference.AbiKit != c.Answer)
            {
                problems.Add($"{c.Id}: {record.Ioctl} records that AbiKit answers '{record.Difference.AbiKit}', it answered '{c.Answer}'");
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} unexplained difference(s) between AbiKit and Linux:\n  " + string.Join("\n  ", problems));
        Assert.Equal(LinuxRun.Report.Cases.Select(c => c.Id), abikit.Cases.Select(c => c.Id));
    }

    [Fact]
    public void Every_recorded_difference_names_a_case_of_the_suite()
    {
        var ids = AbiKitRun.Report.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var dangling = RecordedDifferences.ByCase.Where(r => !ids.Contains(r.Key)).Select(r => $"{r.Key} (recorded by {r.Value.Ioctl})").ToList();
        Assert.True(dangling.Count == 0, "linuxDifferences name cases the suite does not have: " + string.Join(", ", dangling));
        Assert.NotEmpty(RecordedDifferences.ByCase);
    }

    [Fact]
    public void A_wrong_expectation_makes_its_case_fail()
    {
        var report = AbiKitRun.Against(device => device, "--expect", "gem.close-zero=0", "gem.close-zero", "gem.close-unknown");
        Assert.Equal(["gem.close-unknown", "gem.close-zero"], report.Cases.Select(c => c.Id)); // the suite's order
        Assert.Equal("FAIL", report["gem.close-zero"].Status);
        Assert.Equal("EINVAL", report["gem.close-zero"].Observed);
        Assert.Equal("PASS", report["gem.close-unknown"].Status);
        Assert.Equal(1, report.ExitCode);
    }

    public static TheoryData<string, string[]> MutantsAndTheCasesTheyBreak() => new()
    {
        { nameof(Mutants.EnottyForEinval), ["dispatch.core-hole", "dispatch.core-beyond", "dispatch.driver-beyond", "dispatch.no-size", "gem.close-unknown", "gem.close-twice", "perm.auth-unknown-magic", "dumb.create-zero-width", "dumb.destroy-unknown"] },
        { nameof(Mutants.NoCopyBackOnError), ["dispatch.copy-out-on-error"] },
        { nameof(Mutants.NoZeroFill), ["dispatch.no-copy-in"] },
        { nameof(Mutants.RenderNodeAsPrimary), ["perm.render-flink", "perm.render-gem-open", "perm.render-create-dumb", "perm.render-get-magic"] },
        { nameof(Mutants.EveryoneAuthenticated), ["perm.second-unauthenticated"] },
    };

    [Theory]
    [MemberData(nameof(MutantsAndTheCasesTheyBreak))]
    public void A_device_that_breaks_a_rule_fails_the_cases_of_that_rule(string mutant, string[] broken)
    {
        Func<AbiKit.Runtime.Nodes.IServedDevice, AbiKit.Runtime.Nodes.IServedDevice> wrap = mutant switch
        {
            nameof(Mutants.EnottyForEinval) => Mutants.EnottyForEinval,
            nameof(Mutants.NoCopyBackOnError) => Mutants.NoCopyBackOnError,
            nameof(Mutants.NoZeroFill) => Mutants.NoZeroFill,
            nameof(Mutants.RenderNodeAsPrimary) => Mutants.RenderNodeAsPrimary,
            nameof(Mutants.EveryoneAuthenticated) => Mutants.EveryoneAuthenticated,
            _ => throw new ArgumentOutOfRangeException(nameof(mutant)),
        };
        var report = AbiKitRun.Against(wrap);
        var passedAnyway = broken.Where(id => report[id].Status != "FAIL").ToList();
        Assert.True(passedAnyway.Count == 0, $"{mutant}: these cases did not notice: " + string.Join(", ", passedAnyway.Select(id => $"{id} ({report[id].Observed})")));
    }
}
