using AbiKit.TestSupport;

namespace AbiKit.Cli.Tests;

/// <summary>
/// Generated files checked in next to the code that compiles them (listed in build/generated.txt) must be
/// exactly what `abikit generate` writes now: regenerate with `dotnet cake --target=Generate`.
/// </summary>
public class CheckedInGeneratedCodeTests
{
    public static TheoryData<string, string, string> Manifest()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadAllLines(Repo.PathOf("build", "generated.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts.Length == 3, $"build/generated.txt: '{line}' is not 'spec language output-dir'");
            data.Add(parts[0], parts[1], parts[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifest))]
    public void Checked_in_files_are_current(string spec, string language, string outputDir)
    {
        string fresh = NativeToolchain.CreateTempDirectory("abikit-fresh");
        var result = Cli.Run("generate", Repo.PathOf(spec), "--lang", language, "--out", fresh);
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var file in Directory.GetFiles(Path.Combine(fresh, language)))
        {
            string checkedIn = Repo.PathOf(outputDir, language, Path.GetFileName(file));
            Assert.True(File.Exists(checkedIn), $"{checkedIn} is missing: run dotnet cake --target=Generate");
            Assert.True(File.ReadAllText(file) == File.ReadAllText(checkedIn), $"{checkedIn} is stale: run dotnet cake --target=Generate");
        }
        NativeToolchain.DeleteTempDirectory(fresh);
    }
}
