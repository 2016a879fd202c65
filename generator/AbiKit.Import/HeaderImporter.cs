using AbiKit.Frontend.Diagnostics;

namespace AbiKit.Import;

/// <summary>
/// <c>abikit import</c>: reads uapi C headers with the tools made for reading C — the C preprocessor for the macros
/// (<c>gcc -E -dD</c>), castxml (clang) for declarations, layouts and the values of the macros — and writes one spec
/// that keeps the kernel's names. It runs castxml once, for x86_64; the spec's layout on the other ABIs is the front
/// end's to compute and the compilers' to judge. Semantics (handles, flag-set types of fields, reserved fields,
/// permissions) stay the author's to add.
/// </summary>
public static class HeaderImporter
{
    /// <summary>Imports <see cref="ImportRequest.Headers"/>.</summary>
    /// <returns>The spec and every diagnostic; <see cref="ImportResult.Failed"/> when the headers could not be read.</returns>
    public static ImportResult Import(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Count == 0) throw new ArgumentException("no header to import", nameof(request));
        var diagnostics = new List<AbiDiagnostic>();
        foreach (var h in request.Headers.Concat(request.Preludes).Where(h => !File.Exists(h)))
        {
            diagnostics.Add(ImportDiagnostics.At(ImportDiagnostics.ToolFailed, h, 1, $"header '{h}' does not exist"));
        }

        if (diagnostics.Count > 0) return new ImportResult(null, diagnostics, []);

        string workDir = request.WorkDirectory ?? Directory.CreateTempSubdirectory("abikit-import-").FullName;
        try
        {
            var own = request.Headers.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
            string wrapper = Path.Combine(workDir, "abikit_import_macros.c");
            File.WriteAllText(wrapper, string.Concat(request.Preludes.Concat(request.Headers).Select(h => $"#include \"{Path.GetFullPath(h)}\"\n")));
            var flags = request.IncludeDirectories.Select(d => "-I" + Path.GetFullPath(d)).ToList();
            var macros = MacroTable.Read(request.Gcc, wrapper, flags);
            var builder = new SpecBuilder(request, own, macros, workDir, diagnostics);
            string json = builder.Build();
            return new ImportResult(json, diagnostics, builder.Items);
        }
        catch (NativeToolException ex)
        {
            diagnostics.Add(ImportDiagnostics.At(ImportDiagnostics.ToolFailed, request.Headers[0], 1, ex.Message));
            return new ImportResult(null, diagnostics, []);
        }
        finally
        {
            if (request.WorkDirectory is null) Directory.Delete(workDir, recursive: true);
        }
    }
}
