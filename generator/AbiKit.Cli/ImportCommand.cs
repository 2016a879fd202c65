using System.CommandLine;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Import;

namespace AbiKit.Cli;

/// <summary><c>abikit import</c>: writes a spec from existing uapi C headers (castxml and the C compiler read them).</summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var headers = new Argument<string[]>("header") { Description = "uapi C headers to import into one spec.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The spec to write (*.abi.json).", Required = true };
        var includeDirs = new Option<string[]>("--include-dir", "-I") { Description = "Directory searched for #include.", AllowMultipleArgumentsPerToken = false };
        var preludes = new Option<string[]>("--prelude") { Description = "Header included before the imported ones and not imported (libdrm driver headers that need drm.h first)." };
        var imports = new Option<string[]>("--import") { Description = "Spec (relative to --out) whose types the headers use; written as the spec's imports." };
        var family = new Option<string?>("--family") { Description = "Family name (default: from the first header's name)." };
        var command = new Command("import", "Write a spec from existing uapi C headers: structs, unions, enums, constants, flag sets and request codes, with the kernel's names.")
        {
            headers, output, includeDirs, preludes, imports, family,
        };
        command.SetAction(parse =>
        {
            var result = HeaderImporter.Import(new ImportRequest
            {
                Headers = parse.GetValue(headers)!,
                IncludeDirectories = parse.GetValue(includeDirs) ?? [],
                Preludes = parse.GetValue(preludes) ?? [],
                Imports = parse.GetValue(imports) ?? [],
                Family = parse.GetValue(family),
            });
            foreach (var d in result.Diagnostics) stderr.WriteLine(d);
            if (result.Failed) return AbiKitCommand.Errors;
            var outFile = parse.GetValue(output)!;
            if (outFile.DirectoryName is { } dir) Directory.CreateDirectory(dir);
            File.WriteAllText(outFile.FullName, result.SpecJson);
            int imported = result.Items.Count(i => i.DiagnosticId is null);
            stdout.WriteLine($"{outFile.Name}: {imported} of {result.Items.Count} declarations imported, {result.Diagnostics.Count(d => d.Severity == Severity.Warning)} not expressible (see the warnings).");
            return AbiKitCommand.Ok;
        });
        return command;
    }
}
