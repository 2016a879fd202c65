using AbiKit.Emitters.CSharp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.Emitters.Tests;

/// <summary>
/// What the bindings tell the analyzers: [AbiReserved] / [AbiFlags(mask)] on struct fields and [AbiRequest(typeof(arg))]
/// on request codes, derived from the spec, and only when the emit options say AbiKit.Runtime is available.
/// </summary>
public class RuntimeAttributeTests
{
    private const string Ns = "global::AbiKit.Runtime.Semantics.";

    private static string Bindings(string family, bool runtimeAttributes)
        => new CSharpEmitter(TemplateSet.Embedded, new CSharpEmitOptions(RuntimeAttributes: runtimeAttributes)).Emit(Shipped.Family(family)).Single().Content;

    [Fact]
    public void Reserved_and_flag_fields_carry_their_semantics()
    {
        string alloc = Bindings("abikit-alloc", true);
        Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(20)]\n        [" + Ns + "AbiReserved]\n        public uint Pad;", alloc);
        Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(4)]\n        [" + Ns + "AbiFlags(0x3UL)]\n        public AccessFlags Flags;", alloc);
        // A reserved "flags" field is reserved, not a flag set.
        Assert.Contains("[" + Ns + "AbiReserved]\n        public uint Flags;", alloc);
    }

    [Fact]
    public void Request_codes_carry_their_argument_type()
    {
        string alloc = Bindings("abikit-alloc", true);
        Assert.Contains("[" + Ns + "AbiRequest(typeof(global::AbiKit.Interop.Alloc.CreateArgs))]\n        public const uint Create = 0x", alloc);
        string i915 = Bindings("i915", true);
        Assert.Contains("[" + Ns + "AbiFlags(0x80000003UL)]", i915);
        // Masks are constants too, but not requests.
        Assert.DoesNotContain("AbiRequest(typeof(AccessFlags", alloc);
    }

    [Fact]
    public void Requests_without_an_argument_carry_no_argument_type()
    {
        foreach (var family in Shipped.All)
        {
            string text = Bindings(family.Family, true);
            foreach (var io in family.Ioctls.Where(i => i.Direction == Model.IoctlDirection.None || i.Arg.Name.Length == 0))
            {
                int at = text.IndexOf("public const uint " + io.CsName + " = ", StringComparison.Ordinal);
                Assert.True(at > 0, io.CsName);
                Assert.DoesNotContain("AbiRequest", text.Substring(text.LastIndexOf("</summary>", at, StringComparison.Ordinal), at - text.LastIndexOf("</summary>", at, StringComparison.Ordinal)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Without_the_runtime_the_bindings_name_nothing_of_it_and_compile_alone(string family)
    {
        string with = Bindings(family, true);
        string without = Bindings(family, false);
        Assert.DoesNotContain("AbiKit.Runtime", without);
        // Exactly the attribute lines go: everything else is byte-identical.
        Assert.Equal(without, string.Join("\n", with.Split('\n').Where(l => !l.TrimStart().StartsWith("[" + Ns, StringComparison.Ordinal))));

        // Imported families' bindings come along (they are bindings too); only the framework is referenced.
        var trees = Shipped.All.Select(f => CSharpSyntaxTree.ParseText(Bindings(f.Family, false), new CSharpParseOptions(LanguageVersion.Latest), f.CSharp.ClassName + ".g.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("AbiKit.", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("BindingsOnly", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
