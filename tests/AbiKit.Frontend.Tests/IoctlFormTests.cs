using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Two request codes on one number that differ only in size (DMA_BUF_SET_NAME_A/_B), and an ioctl whose
/// result is its return value (udmabuf's new fd).</summary>
public class IoctlFormTests
{
    private static string Spec(string ioctls, string style = "generic") => $$"""
        {
          "family": "names",
          "doc": "Test family.",
          "ioctl": { "type": "b", "style": "{{style}}" },
          "ioctls": [ {{ioctls}} ]
        }
        """;

    private const string A = """{ "name": "SET_NAME_A", "nr": 1, "dir": "in", "arg": "u32" }""";

    [Fact]
    public void A_size_variant_shares_the_number_with_a_code_of_its_own()
    {
        var result = InMemorySpecs.LoadOne(Spec(A + """, { "name": "SET_NAME_B", "nr": 1, "dir": "in", "arg": "u64", "sizeVariantOf": "SET_NAME_A" }"""));
        result.Clean();
        var (a, b) = (result.Model!.Ioctls[0], result.Model.Ioctls[1]);
        Assert.Equal(("", "SET_NAME_A"), (a.SizeVariantOf, b.SizeVariantOf));
        foreach (var arch in Arches.All)
        {
            Assert.Equal(a.DecodedCode(arch).Nr, b.DecodedCode(arch).Nr);
            Assert.Equal((4, 8), (a.DecodedCode(arch).Size, b.DecodedCode(arch).Size));
        }
    }

    [Fact]
    public void Without_the_declaration_it_is_still_a_collision()
        => InMemorySpecs.LoadOne(Spec(A + """, { "name": "SET_NAME_B", "nr": 1, "dir": "in", "arg": "u64" }""")).Single("ABI202");

    [Theory]
    [InlineData("""{ "name": "SET_NAME_B", "nr": 1, "dir": "in", "arg": "u32", "sizeVariantOf": "SET_NAME_A" }""", "the request codes are identical")]
    [InlineData("""{ "name": "SET_NAME_B", "nr": 2, "dir": "in", "arg": "u64", "sizeVariantOf": "SET_NAME_A" }""", "must share the number")]
    [InlineData("""{ "name": "SET_NAME_B", "nr": 1, "dir": "out", "arg": "u64", "sizeVariantOf": "SET_NAME_A" }""", "same direction")]
    [InlineData("""{ "name": "SET_NAME_B", "nr": 1, "dir": "in", "arg": "u64", "sizeVariantOf": "NOPE" }""", "not an ioctl of this family")]
    public void A_size_variant_differs_in_size_only(string b, string reason)
        => Assert.Contains(reason, InMemorySpecs.LoadOne(Spec(A + ", " + b)).Single("ABI202").Message);

    [Fact]
    public void Drm_dispatches_by_number_so_it_has_no_size_variants()
    {
        var files = new InMemorySpecs().Add("drm-core.abi.json", File.ReadAllText(AbiKit.TestSupport.Repo.Spec("drm-core")));
        var result = files.Load("""
            {
              "family": "drv", "doc": "Driver.", "imports": ["drm-core.abi.json"],
              "ioctl": { "type": "d", "style": "drm-driver", "definesTypeMacro": false },
              "ioctls": [ { "name": "A", "nr": 1, "dir": "in", "arg": "u32" }, { "name": "B", "nr": 1, "dir": "in", "arg": "u64", "sizeVariantOf": "A" } ]
            }
            """);
        Assert.Contains("DRM dispatches by number alone", result.Single("ABI202").Message);
    }

    [Theory]
    [InlineData("\"fd\"", IoctlReturn.FileDescriptor)]
    [InlineData("\"value\"", IoctlReturn.Value)]
    public void An_ioctl_may_return_a_descriptor_or_a_value(string returns, IoctlReturn expected)
    {
        var result = InMemorySpecs.LoadOne(Spec($$"""{ "name": "CREATE", "nr": 1, "dir": "in", "arg": "u32", "returns": {{returns}} }"""));
        result.Clean();
        Assert.Equal(expected, result.Model!.Ioctls[0].Returns);
    }

    [Fact]
    public void Returns_is_one_of_its_words()
        => InMemorySpecs.LoadOne(Spec("""{ "name": "CREATE", "nr": 1, "dir": "in", "arg": "u32", "returns": "handle" }""")).Single("ABI104");
}
