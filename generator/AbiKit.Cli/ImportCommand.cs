using System.CommandLine;
using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Import;
using AbiKit.Import.Verification;
using AbiKit.Model;

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
        var verify = new Option<bool>("--verify") { Description = "Compile the headers with each --arch's C compiler and compare every size, alignment, offset, constant and request code with the spec written; exit 1 on any difference." };
        var arches = new Option<string[]>("--arch")
        {
            Description = $"ABIs --verify compiles for ({string.Join(", ", Arches.All.Select(a => a.Name()))}, or 'all'); default x86_64. Others need Debian's cross compilers.",
            AllowMultipleArgumentsPerToken = true,
        };
        arches.AcceptOnlyFromAmong([.. Arches.All.Select(a => a.Name()), "all"]);
        var command = new Command("import", "Write a spec from existing uapi C headers: structs, unions, enums, constants, flag sets and request codes, with the kernel's names.")
        {
            headers, output, includeDirs, preludes, imports, family, verify, arches,
        };
        command.SetAction(parse =>
        {
            var request = new ImportRequest
            {
                Headers = parse.GetValue(headers)!,
                IncludeDirectories = parse.GetValue(includeDirs) ?? [],
                Preludes = parse.GetValue(preludes) ?? [],
                Imports = parse.GetValue(imports) ?? [],
                Family = parse.GetValue(family),
            };
            var result = HeaderImporter.Import(request);
            foreach (var d in result.Diagnostics) stderr.WriteLine(d);
            if (result.Failed) return AbiKitCommand.Errors;
            var outFile = parse.GetValue(output)!;
            if (outFile.DirectoryName is { } dir) Directory.CreateDirectory(dir);
            File.WriteAllText(outFile.FullName, result.SpecJson);
            int imported = result.Items.Count(i => i.DiagnosticId is null);
            stdout.WriteLine($"{outFile.Name}: {imported} of {result.Items.Count} declarations imported, {result.Diagnostics.Count(d => d.Severity == Severity.Warning)} not expressible (see the warnings).");
            if (!parse.GetValue(verify)) return AbiKitCommand.Ok;
            var names = parse.GetValue(arches) is { Length: > 0 } given ? given : ["x86_64"];
            var targets = names.Contains("all") ? Arches.All : names.Distinct().Select(n => Arches.TryParse(n, out var a) ? a : Arch.X86_64).ToList();
            return Verify(request, outFile.FullName, targets, stdout, stderr);
        });
        return command;
    }

    /// <summary>Loads the spec just written, as any user of it would, and judges it by the compilers.</summary>
    private static int Verify(ImportRequest request, string specPath, IReadOnlyList<Arch> arches, TextWriter stdout, TextWriter stderr)
    {
        var loaded = new SpecLoader().Load(specPath);
        if ((loaded.Model ?? loaded.LaidOut) is not { } model)
        {
            // The spec the importer wrote does not load: an importer defect, reported as the front end sees it.
            foreach (var d in loaded.Diagnostics.Where(d => d.Severity == Severity.Error)) stderr.WriteLine(d);
            stderr.WriteLine($"{Path.GetFileName(specPath)}: cannot verify: the spec written does not load");
            return AbiKitCommand.Errors;
        }
        VerificationResult verification;
        try
        {
            verification = ImportVerifier.Verify(request, model, arches);
        }
        catch (NativeToolException ex)
        {
            stderr.WriteLine($"{Path.GetFileName(specPath)}: cannot verify: {ex.Message}");
            return AbiKitCommand.Errors;
        }
        foreach (var difference in verification.Differences) stderr.WriteLine($"{specPath}: error: {difference}");
        foreach (var skip in verification.Skipped) stderr.WriteLine($"{specPath}: warning: not verified on {skip}");
        string on = verification.Verified.Count == 0 ? "no ABI" : string.Join(", ", verification.Verified.Select(a => a.Name()));
        stdout.WriteLine(verification.Faithful
            ? $"{Path.GetFileName(specPath)}: verified on {on}: {verification.Measurements} sizes, offsets and values per ABI equal to the headers as compiled."
            : $"{Path.GetFileName(specPath)}: {verification.Differences.Count} difference(s) from the headers as compiled (on {on}).");
        return verification.Faithful && verification.Verified.Count > 0 ? AbiKitCommand.Ok : AbiKitCommand.Errors;
    }
}
