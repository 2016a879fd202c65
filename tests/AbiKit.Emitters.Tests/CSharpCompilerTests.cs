using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using AbiKit.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.Emitters.Tests;

/// <summary>The generated C# compiles cleanly, and the runtime lays its structs out exactly as the model says.</summary>
public class CSharpCompilerTests
{
    private static readonly Lazy<Assembly> Generated = new(Compile);

    private static Assembly Compile()
    {
        var trees = Shipped.All.Select(f => CSharpSyntaxTree.ParseText(Shipped.CSharp(f), new CSharpParseOptions(LanguageVersion.Latest), f.CSharp.ClassName + ".g.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("AbiKit.Generated", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(emit.Success && problems.Count == 0, string.Join("\n", problems));
        stream.Position = 0;
        return new AssemblyLoadContext("abikit-generated", isCollectible: true).LoadFromStream(stream);
    }

    private static Type TypeOf(AbiFamily f, string csName) =>
        Generated.Value.GetType(f.CSharp.Namespace + "." + csName) ?? throw new InvalidOperationException($"{csName} not generated");

    private static int SizeOf(Type t) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Struct_sizes_and_offsets_equal_the_layout_engine(string family)
    {
        var f = Shipped.Family(family);
        foreach (var s in f.Structs)
        {
            var type = TypeOf(f, s.CsName);
            Assert.Equal((s.Name, s.X86_64.Size), (s.Name, SizeOf(type)));
            Assert.Equal((s.Name, s.X86_64.Size), (s.Name, Marshal.SizeOf(type)));
            for (int i = 0; i < s.Fields.Count; i++)
            {
                Assert.Equal((s.Name, s.Fields[i].Name, s.X86_64.Fields[i].Offset), (s.Name, s.Fields[i].Name, (int)Marshal.OffsetOf(type, s.Fields[i].CsName)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Request_codes_and_handles_are_generated(string family)
    {
        var f = Shipped.Family(family);
        var codes = TypeOf(f, f.CSharp.ClassName);
        foreach (var io in f.Ioctls)
        {
            Assert.Equal(io.CodeX86_64, (uint)codes.GetField(io.CsName)!.GetRawConstantValue()!);
        }
        foreach (var h in f.Handles)
        {
            var type = TypeOf(f, h.CsName);
            Assert.Equal(Scalars.Size(h.Base, Arch.X86_64), SizeOf(type));
            Assert.True(type.IsValueType);
        }
        foreach (var set in f.FlagSets)
        {
            var type = TypeOf(f, set.CsName);
            Assert.NotNull(type.GetCustomAttribute<FlagsAttribute>());
        }
    }
}
