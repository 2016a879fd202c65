using System.Text.Json.Nodes;
using AbiKit.Emitters.C;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.Emitters.Tests;

/// <summary>
/// Doc and deprecation texts are free text from an untrusted spec: whatever they hold, they stay inside their C comment,
/// C# XML doc comment or C# string literal. Proven with the judges: gcc and g++ with -Werror, Roslyn with every
/// warning and XML doc diagnostics on.
/// </summary>
public class HostileTextTests
{
    public HostileTextTests() => NativeToolchain.Require();

    public static TheoryData<string> Texts => new(
        "Ends the comment */ int broken = ; /* and opens another",
        "Line separator\u2028#error injected\u2029int injected;",
        "Old Mac\rint a;\u0085int b;\n#error injected",
        "Controls \u0001\u0007\u001b[31m\u007f\u0085\u009b and a tab\there",
        "XML <summary>&amp;</summary> <!-- ]]> &#0; <see cref=\"Nowhere\"/>",
        "Trailing backslash \\",
        "Quotes \" and \\\" for [Obsolete(\"...\")]",
        "Trigraph ??/\n/ and a line that starts with a slash",
        "Non-characters \uFFFE\uFFFF end",
        "*/\n/*\n*/");

    [Theory]
    [MemberData(nameof(Texts))]
    public void Hostile_docs_and_deprecations_stay_inside_comments_and_strings(string text)
    {
        var family = Load(WithText(File.ReadAllText(Repo.Spec("dma-buf")), text));

        string dir = NativeToolchain.CreateTempDirectory("abikit-hostile-text");
        File.WriteAllText(Path.Combine(dir, family.C.FileName), new CHeaderEmitter(TemplateSet.Embedded).Emit(family).Single().Content);
        string source = $"#include \"{family.C.FileName}\"\nint abikit_unused;\n";
        NativeToolchain.CompileC(source, Path.Combine(dir, "c.o"), "-std=c90", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.CompileCxx(source, Path.Combine(dir, "cxx.o"), "-std=c++17", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);

        var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var trees = Emitters.CSharp(TemplateSet.Embedded).SelectMany(e => e.Emit(family))
            .Select(x => CSharpSyntaxTree.ParseText(x.Content, options, x.RelativePath)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !p.EndsWith("AbiKit.Emitters.Tests.dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Hostile", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        // Injected text never becomes code: the generated C# declares exactly what the unmodified spec's does.
        var plain = Load(File.ReadAllText(Repo.Spec("dma-buf")));
        Assert.Equal(Declarations(plain), Declarations(family));
    }

    private static AbiFamily Load(string text)
    {
        var result = new SpecLoader().LoadText(Repo.Spec("dma-buf"), text);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        return result.Model;
    }

    // Every "doc" set to the text, and every ioctl deprecated with it.
    private static string WithText(string spec, string text)
    {
        var root = JsonNode.Parse(spec)!;
        Visit(root);
        foreach (var ioctl in root["ioctls"]!.AsArray()) ioctl!["deprecated"] = text;
        return root.ToJsonString();

        void Visit(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                if (obj.ContainsKey("doc")) obj["doc"] = text;
                foreach (var (_, child) in obj.ToList()) Visit(child);
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array) Visit(child);
            }
        }
    }

    private static List<string> Declarations(AbiFamily family)
        => Emitters.CSharp(TemplateSet.Embedded).SelectMany(e => e.Emit(family))
            .SelectMany(x => CSharpSyntaxTree.ParseText(x.Content).GetRoot().DescendantNodes())
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>()
            .Select(m => m.Kind() + " " + (m is Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax t ? t.Identifier.Text : m.ChildTokens().LastOrDefault(k => k.IsKind(SyntaxKind.IdentifierToken)).Text))
            .ToList();
}
