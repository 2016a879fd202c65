// AbiKit build. Run through the local tool: `dotnet tool restore && dotnet cake --target=<Task>`.
//   Default  — the main job: check every shipped spec and generate its C header, C#, kernel side and layout into out/
//   Build    — build the solution
//   Test     — install or check the native test tools, run every test project, print "N passed, N failed"
//   Generate — regenerate every checked-in generated file (the *.verified.* snapshots) from abi-spec/
//              (in-repo code that uses generated bindings runs the source generator: build/AbiKit.SourceGenerator.InRepo.targets)
//   Pack     — pack the abikit tool and the libraries into artifacts/packages
//   Clean    — remove build output
using System.Xml.Linq;

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("AbiKit.sln");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var outDir = root.Combine("out");
var cli = root.CombineWithFilePath($"generator/AbiKit.Cli/bin/{configuration}/net10.0/abikit.dll");
var specs = GetFiles("./abi-spec/*.abi.json").OrderBy(f => f.FullPath, StringComparer.Ordinal).ToList();

void Abikit(string arguments)
{
    int code = StartProcess("dotnet", new ProcessSettings { Arguments = $"\"{cli}\" {arguments}", WorkingDirectory = root });
    if (code != 0) throw new CakeException($"abikit {arguments.Split(' ')[0]} failed with exit code {code}");
}

string SpecArguments() => string.Join(" ", specs.Select(s => $"\"{root.GetRelativePath(s)}\""));

Task("Clean").Does(() =>
{
    CleanDirectories("./generator/**/bin");
    CleanDirectories("./generator/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    if (DirectoryExists(artifacts)) DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
    if (DirectoryExists(outDir)) DeleteDirectory(outDir, new DeleteDirectorySettings { Recursive = true, Force = true });
});

Task("Build").Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

Task("NativeDeps").Description("Install (as root) or check gcc, g++, the cross compilers of every Linux ABI, libdrm-dev, pahole, the kernel's checkpatch/kernel-doc, libfuse3, and qemu with busybox-static for the conformance suite.").Does(() =>
{
    int code = StartProcess("bash", new ProcessSettings { Arguments = "scripts/ensure-native-deps.sh", WorkingDirectory = root });
    if (code != 0) throw new CakeException("native test tools are missing: see the message above (scripts/ensure-native-deps.sh)");
});

Task("Test").IsDependentOn("NativeDeps").IsDependentOn("Build").Does(() =>
{
    if (DirectoryExists(testResults)) DeleteDirectory(testResults, new DeleteDirectorySettings { Recursive = true, Force = true });
    CreateDirectory(testResults);
    Exception failure = null;
    try
    {
        DotNetTest(solution.FullPath, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            ResultsDirectory = testResults,
            Loggers = new[] { "trx", "console;verbosity=normal" },
        });
    }
    catch (Exception ex)
    {
        failure = ex;
    }

    // Totals over every test project, from the TRX files each one wrote.
    long passed = 0, failed = 0, total = 0;
    var trx = GetFiles($"{testResults}/**/*.trx").ToList();
    foreach (var file in trx)
    {
        var counters = XDocument.Load(file.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += long.Parse(counters.Attribute("passed").Value);
        failed += long.Parse(counters.Attribute("failed").Value) + long.Parse(counters.Attribute("error").Value) + long.Parse(counters.Attribute("timeout").Value) + long.Parse(counters.Attribute("aborted").Value);
        total += long.Parse(counters.Attribute("total").Value);
    }
    if (failure is not null && failed == 0) failed = 1; // the run itself failed (a crashed test host counts)
    string summary = $"{passed} passed, {failed} failed";
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information($"{trx.Count} test project(s): {summary} ({total} total)");
    if (failure is not null || failed > 0) throw new CakeException($"tests failed: {summary}");
    if (total == 0) throw new CakeException("no test ran");
});

Task("Generate").Description("Regenerate the checked-in generated files (the emitters' *.verified.* snapshots) from abi-spec/.").IsDependentOn("Build").Does(() =>
{
    DotNetTest("tests/AbiKit.Emitters.Tests/AbiKit.Emitters.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "FullyQualifiedName~SnapshotTests",
        EnvironmentVariables = { ["ABIKIT_ACCEPT"] = "1" },
    });
    Information("Regenerated tests/AbiKit.Emitters.Tests/Snapshots/*.verified.*: review with `git diff`.");
});

// The packages a consumer uses: the generator (with the CLI for C headers), the runtime and the reference device.
var packable = new[]
{
    "generator/AbiKit.Model/AbiKit.Model.csproj",
    "generator/AbiKit.Frontend/AbiKit.Frontend.csproj",
    "generator/AbiKit.Emitters/AbiKit.Emitters.csproj",
    "generator/AbiKit.Cli/AbiKit.Cli.csproj",
    "generator/AbiKit.SourceGenerator/AbiKit.SourceGenerator.csproj",
    "runtime/AbiKit.Runtime/AbiKit.Runtime.csproj",
    "runtime/AbiKit.Alloc/AbiKit.Alloc.csproj",
    "runtime/AbiKit.Reference/AbiKit.Reference.csproj",
};

Task("Pack").Description("Pack the AbiKit packages into artifacts/packages (samples/ restores from there).").IsDependentOn("Build").Does(() =>
{
    var version = Argument("packageVersion", "0.1.0");
    foreach (var project in packable)
    {
        DotNetPack(project, new DotNetPackSettings
        {
            Configuration = configuration,
            OutputDirectory = artifacts.Combine("packages"),
            MSBuildSettings = new DotNetMSBuildSettings().WithProperty("Version", version),
        });
    }
});

Task("Default").Description("The main job: check the shipped specs and generate everything into out/.").IsDependentOn("Build").Does(() =>
{
    if (DirectoryExists(outDir)) DeleteDirectory(outDir, new DeleteDirectorySettings { Recursive = true, Force = true });
    Abikit($"check {SpecArguments()}");
    Abikit($"generate {SpecArguments()} --out out");
    CreateDirectory(outDir.Combine("layout"));
    foreach (var spec in specs)
    {
        string name = spec.GetFilenameWithoutExtension().GetFilenameWithoutExtension().ToString();
        // One file per Linux ABI, and "all": the matrix of every ABI with the differences marked.
        foreach (var arch in new[] { "x86_64", "i386", "x32", "aarch64", "arm", "riscv64", "ppc64le", "s390x", "m68k", "all" })
        {
            var settings = new ProcessSettings { Arguments = $"\"{cli}\" layout \"{root.GetRelativePath(spec)}\" --arch {arch}", WorkingDirectory = root, RedirectStandardOutput = true };
            if (StartProcess("dotnet", settings, out IEnumerable<string> lines) != 0) throw new CakeException($"abikit layout {spec} failed");
            System.IO.File.WriteAllLines(outDir.Combine("layout").CombineWithFilePath($"{name}.{arch}.txt").FullPath, lines);
        }
    }
    Information($"Generated C headers, C#, the kernel side and layouts for {specs.Count} spec(s) into {outDir}: out/c, out/csharp, out/kernel, out/layout.");
});

RunTarget(target);
