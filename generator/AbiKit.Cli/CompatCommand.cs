using System.CommandLine;
using AbiKit.Compat;
using AbiKit.Frontend;
using AbiKit.Model;

namespace AbiKit.Cli;

/// <summary><c>abikit compat OLD NEW</c>: exit 0 when NEW is compatible with OLD, 1 when it breaks callers, 2 when a spec does not load.</summary>
internal static class CompatCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var oldSpec = new Argument<string>("old") { Description = "The old spec: a file, or REV:PATH for the file at a git revision (e.g. main:abi-spec/i915.abi.json)." };
        var newSpec = new Argument<string>("new") { Description = "The new spec: a file, or REV:PATH." };
        var format = new Option<string>("--format") { Description = "text (one line per change) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("compat", "Report every change from OLD to NEW as breaking, compatible or info; exit 1 when any breaks callers.") { oldSpec, newSpec, format };
        command.SetAction(parse =>
        {
            var old = Load(parse.GetValue(oldSpec)!, stderr);
            var now = Load(parse.GetValue(newSpec)!, stderr);
            if (old is null || now is null) return AbiKitCommand.Usage;
            var report = AbiComparer.Compare(old.Value.Model, now.Value.Model, old.Value.Path, now.Value.Path, old.Value.Locate, now.Value.Locate);
            stdout.Write(parse.GetValue(format) == "json" ? CompatPrinter.Json(report) : CompatPrinter.Text(report));
            return report.IsBreaking ? AbiKitCommand.Errors : AbiKitCommand.Ok;
        });
        return command;
    }

    /// <summary>Loads a file or REV:PATH, printing its diagnostics; null (after saying why) when it has no laid-out model.</summary>
    private static (AbiFamily Model, string Path, DeclarationLocator Locate)? Load(string argument, TextWriter stderr)
    {
        bool atRevision = GitRevisionFiles.TryParse(argument, out var revision, out var path);
        var files = new RecordingFiles(atRevision ? new GitRevisionFiles(revision) : PhysicalSpecFileSystem.Instance);
        string specPath = atRevision ? path : argument;
        var result = new SpecLoader(files).Load(specPath);
        foreach (var d in result.Diagnostics)
        {
            // Diagnostics of a spec read from git name the revision, so they are not mistaken for the working tree's.
            stderr.WriteLine(atRevision ? $"{revision}:{d}" : d.ToString());
        }
        // A spec whose only errors are lint errors (ABI3xx: an existing, botched ABI) still has a layout to compare.
        bool onlyLint = result.Diagnostics.All(d => d.Severity != Frontend.Diagnostics.Severity.Error || d.Id.StartsWith("ABI3", StringComparison.Ordinal));
        var model = result.Model ?? (onlyLint ? result.LaidOut : null);
        if (model is null)
        {
            stderr.WriteLine($"abikit: error: '{argument}' does not load; nothing to compare");
            return null;
        }
        return (model, argument, DeclarationPositions.Of(specPath, files.Texts[specPath]));
    }
}
