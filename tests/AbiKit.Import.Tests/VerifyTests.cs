using System.Text.RegularExpressions;
using AbiKit.Corpus;
using AbiKit.Frontend;
using AbiKit.Import.Verification;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>
/// <c>abikit import --verify</c>: the spec's model judged by each ABI's compiler on the original headers. It agrees on
/// the whole corpus, and a spec that says anything else — a member retyped, a constant changed — is caught, named.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class VerifyTests
{
    private readonly CorpusFixture _corpus;

    public VerifyTests(CorpusFixture corpus) => _corpus = corpus;

    public static TheoryData<string> Headers => new(UapiCorpus.Headers.Select(h => h.Name));

    [Theory]
    [MemberData(nameof(Headers))]
    public void Every_corpus_spec_verifies_on_x86_64_and_i386(string header)
    {
        var h = _corpus.Headers[header];
        var model = h.Check.Model ?? h.Check.LaidOut;
        Assert.NotNull(model);
        var request = UapiCorpus.Request(UapiCorpus.Headers.Single(x => x.Name == header), _corpus.StubDirectory);
        var result = ImportVerifier.Verify(request, model!, [Arch.X86_64, Arch.I386]);
        Assert.Equal([Arch.X86_64, Arch.I386], result.Verified);
        Assert.True(result.Faithful, string.Join("\n", result.Differences.Take(40)));
        Assert.True(result.Measurements > 0);
    }

    private static (ImportRequest Request, string Spec) ImportUdmabuf()
    {
        var request = new ImportRequest { Headers = ["/usr/include/linux/udmabuf.h"] };
        var import = HeaderImporter.Import(request);
        Assert.False(import.Failed, string.Join("\n", import.Diagnostics));
        return (request, import.SpecJson!);
    }

    private static VerificationResult VerifyText(ImportRequest request, string spec, params Arch[] arches)
    {
        var loaded = new SpecLoader().LoadText("udmabuf.abi.json", spec);
        var model = loaded.Model ?? loaded.LaidOut;
        Assert.True(model is not null, string.Join("\n", loaded.Diagnostics));
        return ImportVerifier.Verify(request, model!, arches);
    }

    [Fact]
    public void The_imported_spec_is_faithful_on_every_ABI_with_a_compiler()
    {
        var (request, spec) = ImportUdmabuf();
        var result = VerifyText(request, spec, [.. Arches.All]);
        Assert.True(result.Faithful, string.Join("\n", result.Differences));
        Assert.Equal(Arches.All.Count, result.Verified.Count + result.Skipped.Count);
        Assert.Contains(Arch.X86_64, result.Verified);
    }

    [Fact]
    public void A_member_retyped_in_the_spec_is_named_with_both_numbers()
    {
        var (request, spec) = ImportUdmabuf();
        // udmabuf_create's flags as __u64: every later member moves, the struct and the request code grow.
        var retyped = new Regex("(\"name\": \"flags\",\\s*\"type\": )\"u32\"").Replace(spec, "$1\"u64\"", 1);
        Assert.NotEqual(spec, retyped);
        var result = VerifyText(request, retyped, Arch.X86_64, Arch.I386);
        Assert.False(result.Faithful);
        Assert.Contains("x86_64: offsetof(struct udmabuf_create, offset): the header gives 8, the spec says 16 (0x10)", result.Differences);
        Assert.Contains("i386: sizeof(struct udmabuf_create.flags): the header gives 4, the spec says 8", result.Differences);
        Assert.Contains(result.Differences, d => d.StartsWith("x86_64: UDMABUF_CREATE: the header gives ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_constant_changed_in_the_spec_is_named()
    {
        var (request, spec) = ImportUdmabuf();
        var changed = spec.Replace("\"value\": \"0x01\"", "\"value\": \"0x02\"", StringComparison.Ordinal);
        Assert.NotEqual(spec, changed);
        var result = VerifyText(request, changed, Arch.X86_64);
        Assert.Equal(["x86_64: UDMABUF_FLAGS_CLOEXEC: the header gives 1, the spec says 2"], result.Differences);
    }
}
