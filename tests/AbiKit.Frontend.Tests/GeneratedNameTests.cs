namespace AbiKit.Frontend.Tests;

/// <summary>Names a spec gives generated files and namespaces cannot escape the output directory or inject code.</summary>
public class GeneratedNameTests
{
    [Theory]
    [InlineData("../../escaped.h")]
    [InlineData("/etc/escaped.h")]
    [InlineData("dir\\\\escaped.h")]
    [InlineData("x*/y.h")]
    [InlineData("line\\nbreak.h")]
    [InlineData("..")]
    [InlineData("header.c")]
    [InlineData("")]
    public void A_header_name_must_be_a_plain_file_name(string header)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "c": { "header": "{{header}}" }
            """));
        Assert.Contains("must be a plain file name ending in .h", result.Single("ABI104").Message);
        Assert.Null(result.Model);
    }

    [Theory]
    [InlineData("my_drm.h")]
    [InlineData("abikit-alloc.h")]
    public void Plain_header_names_are_accepted(string header)
        => InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "c": { "header": "{{header}}" }
            """)).Clean();

    [Theory]
    [InlineData("Evil; class X {}")]
    [InlineData("A..B")]
    [InlineData("A.B\\u2028")]
    public void A_namespace_must_be_dotted_identifiers(string ns)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "csharp": { "namespace": "{{ns}}" }
            """));
        Assert.Contains("must be a dotted C# namespace", result.Single("ABI104").Message);
    }

    [Theory]
    [InlineData("*/ #error injected /*")]
    [InlineData("MIT\\n#error x")]
    [InlineData("")]
    public void A_license_must_be_an_spdx_expression(string license)
        => Assert.Contains("must be an SPDX license expression", InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "license": "{{license}}"
            """)).Single("ABI104").Message);

    [Theory]
    [InlineData("GPL-2.0 WITH Linux-syscall-note")]
    [InlineData("MIT OR Apache-2.0")]
    [InlineData("GPL-2.0+")]
    public void Spdx_expressions_are_accepted(string license)
        => InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "license": "{{license}}"
            """)).Clean();
}
