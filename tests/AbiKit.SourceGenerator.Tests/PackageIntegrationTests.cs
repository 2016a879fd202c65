using System.Diagnostics;
using AbiKit.TestSupport;

namespace AbiKit.SourceGenerator.Tests;

/// <summary>
/// Tried as a new user would: pack the AbiKit packages, restore them from a local feed into a temporary copy
/// of samples/AbiKit.Sample (with a package cache of its own), build it with warnings as errors, look at the
/// generated sources, and run it.
/// </summary>
public sealed class PackageIntegrationTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly string[] Packages =
    [
        "generator/AbiKit.Model/AbiKit.Model.csproj",
        "generator/AbiKit.SourceGenerator/AbiKit.SourceGenerator.csproj",
        "runtime/AbiKit.Runtime/AbiKit.Runtime.csproj",
        "runtime/AbiKit.Alloc/AbiKit.Alloc.csproj",
        "runtime/AbiKit.Reference/AbiKit.Reference.csproj",
    ];

    private readonly string _root = NativeToolchain.CreateTempDirectory("abikit-consumer");

    public void Dispose() => NativeToolchain.DeleteTempDirectory(_root);

    private static ProcessResult Dotnet(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessResult("dotnet", args, process.ExitCode, stdout.Result, stderr.Result, TimeSpan.Zero);
    }

    [Fact]
    public void The_sample_builds_from_the_packed_packages_and_runs()
    {
        // A unique version: nothing can come from a cache of an earlier run.
        string version = "0.1.0-it" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        // The repository's shape in miniature, so that the shipped samples/NuGet.config is used exactly as shipped:
        // its local feed is ../artifacts/packages, where the Pack target puts the packages.
        string feed = Path.Combine(_root, "artifacts", "packages");
        foreach (var project in Packages)
        {
            Dotnet(Repo.Root, null, "pack", Repo.PathOf(project), "-c", Configuration, "--no-build", "-o", feed, "-p:Version=" + version).EnsureSuccess();
        }

        string samples = Path.Combine(_root, "samples");
        string sample = Path.Combine(samples, "AbiKit.Sample");
        Directory.CreateDirectory(sample);
        foreach (var file in new[] { "AbiKit.Sample.csproj", "counter.abi.json", "CounterDevice.cs", "Program.cs", "Misuse/WrongUsage.cs" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(sample, file))!);
            File.Copy(Repo.PathOf("samples", "AbiKit.Sample", file), Path.Combine(sample, file));
        }
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config" })
        {
            File.Copy(Repo.PathOf("samples", file), Path.Combine(samples, file));
        }
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };
        string headers = Path.Combine(_root, "headers");
        System.Xml.Linq.XDocument.Load(Path.Combine(samples, "NuGet.config")); // the shipped file must be valid XML

        var build = Dotnet(sample, env, "build", "-p:AbiKitVersion=" + version, "-p:EmitCompilerGeneratedFiles=true", "-p:AbiKitCHeaderOutputPath=" + headers, "-warnaserror");
        Assert.True(build.ExitCode == 0, build.Describe("building the sample"));
        Assert.Contains(" 0 Warning(s)", build.StandardOutput);
        Assert.DoesNotContain("CS8785", build.StandardOutput);
        Assert.DoesNotContain("CS8032", build.StandardOutput);

        string generated = Path.Combine(sample, "obj", "Debug", "net10.0", "generated", "AbiKit.SourceGenerator", "AbiKit.SourceGenerator.AbiSourceGenerator");
        Assert.Equal(["CounterIoctls.Client.g.cs", "CounterIoctls.Dispatch.g.cs", "CounterIoctls.g.cs"], Directory.GetFiles(generated).Select(Path.GetFileName).Order());
        string bindings = File.ReadAllText(Path.Combine(generated, "CounterIoctls.g.cs"));
        Assert.Contains("namespace Sample.Counter", bindings);
        Assert.Contains("public struct CounterAdd", bindings);
        Assert.Contains("public const uint Add = 0xC0186B01u;", bindings);

        Assert.True(File.Exists(Path.Combine(headers, "c", "sample_counter.h")), "the opt-in C header was not written");

        var run = Dotnet(sample, env, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Describe("running the sample"));
        Assert.Contains("counter: 42", run.StandardOutput);
        Assert.Contains("unknown flag bits: EINVAL", run.StandardOutput);
        Assert.Contains("buffer[0] after a device fill: 0x2A", run.StandardOutput);

        // The analyzers ship in the same package: the deliberately wrong file gives exactly its warnings.
        var misuse = new Dictionary<string, string>(env) { ["AbiKitDemoMisuse"] = "true" };
        var warned = Dotnet(sample, misuse, "build", "-p:AbiKitVersion=" + version, "-p:TreatWarningsAsErrors=false", "--no-incremental");
        Assert.True(warned.ExitCode == 0, warned.Describe("building the misuse demo"));
        Assert.Equal(["ABI002 at 32", "ABI004 at 25", "ABI005 at 16"], AbiWarnings(warned.StandardOutput));

        // And `dotnet format analyzers` applies the leak's code fix (wrap in using).
        var format = Dotnet(sample, misuse, "format", "analyzers", "AbiKit.Sample.csproj", "--diagnostics", "ABI005", "--severity", "warn", "--no-restore");
        Assert.True(format.ExitCode == 0, format.Describe("dotnet format analyzers"));
        Assert.Contains("using var buffer = AllocBuffer.Create(channel, 4096);", File.ReadAllText(Path.Combine(sample, "Misuse", "WrongUsage.cs")));
        var fixedBuild = Dotnet(sample, misuse, "build", "-p:AbiKitVersion=" + version, "-p:TreatWarningsAsErrors=false", "--no-incremental");
        Assert.Equal(["ABI002 at 32", "ABI004 at 25"], AbiWarnings(fixedBuild.StandardOutput));
    }

    /// <summary>The distinct AbiKit analyzer warnings of a build, as "ID at line".</summary>
    private static List<string> AbiWarnings(string buildOutput)
        => System.Text.RegularExpressions.Regex.Matches(buildOutput, @"WrongUsage\.cs\((\d+),\d+\): warning (ABI0\d\d)")
            .Select(m => $"{m.Groups[2].Value} at {m.Groups[1].Value}")
            .Distinct()
            .Order()
            .ToList();
}
