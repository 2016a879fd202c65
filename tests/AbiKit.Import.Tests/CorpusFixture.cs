using AbiKit.Corpus;
using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Frontend;
using AbiKit.Import;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>One header of the corpus after import, check and regeneration.</summary>
public sealed record ImportedHeader(string Name, string Header, IReadOnlyList<string> Preludes, ImportResult Import, SpecLoadResult Check, string SpecPath, string? GeneratedHeader);

/// <summary>
/// Imports the whole corpus once (in order: drm_mode.h, drm.h, the drivers, the linux headers), runs the front end's
/// check on every spec and regenerates every C header with AbiKit's own emitter from the laid-out model (real uapi
/// has lint errors — holes, native types, layouts that differ between ABIs — which are the survey's findings, not
/// reasons to refuse the header).
/// </summary>
public sealed class CorpusFixture : IDisposable
{
    public CorpusFixture()
    {
        Directory = NativeToolchain.CreateTempDirectory("import-corpus");
        SpecDirectory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "spec")).FullName;
        GeneratedDirectory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "gen")).FullName;
        StubDirectory = UapiCorpus.CreateStub(Path.Combine(Directory, "stub"));
        var emitter = new CHeaderEmitter(TemplateSet.Embedded);
        foreach (var h in UapiCorpus.Headers)
        {
            var import = UapiCorpus.Import(h, SpecDirectory, StubDirectory);
            string spec = Path.Combine(SpecDirectory, h.Family + ".abi.json");
            var check = new SpecLoader().Load(spec);
            string? generated = null;
            if ((check.LaidOut ?? check.Model) is { } model)
            {
                foreach (var file in emitter.Emit(model))
                {
                    generated = Path.Combine(GeneratedDirectory, file.RelativePath);
                    File.WriteAllText(generated, file.Content);
                }
            }

            Headers[h.Name] = new ImportedHeader(h.Name, h.Header, h.Preludes, import, check, spec, generated);
        }
    }

    public string Directory { get; }

    public string SpecDirectory { get; }

    public string GeneratedDirectory { get; }

    public string StubDirectory { get; }

    public Dictionary<string, ImportedHeader> Headers { get; } = new(StringComparer.Ordinal);

    public void Dispose() => NativeToolchain.DeleteTempDirectory(Directory);
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>
{
    public const string Name = "uapi corpus";
}
