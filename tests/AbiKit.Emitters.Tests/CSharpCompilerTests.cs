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
        var trees = Shipped.All.SelectMany(Shipped.AllCSharp).Select(x => CSharpSyntaxTree.ParseText(x.Content, new CSharpParseOptions(LanguageVersion.Latest), x.RelativePath));
        // The test's own assembly is left out: it must not leak types into the generated code's compilation.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !p.EndsWith("AbiKit.Emitters.Tests.dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("AbiKit.Generated", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(emit.Success && problems.Count == 0, string.Join("\n", problems));
        stream.Position = 0;
        // Load into the default context so the generated code binds to the same AbiKit.Runtime as the tests.
        return AssemblyLoadContext.Default.LoadFromStream(stream);
    }

    private static Type TypeOf(AbiFamily f, string csName) =>
        Generated.Value.GetType(f.CSharp.Namespace + "." + csName) ?? throw new InvalidOperationException($"{csName} not generated");

    private static int SizeOf(Type t) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Struct_sizes_and_offsets_equal_the_layout_engine(string family)
    {
        var f = Shipped.Family(family);
        // An anonymous member has no C# type: its fields are the enclosing struct's, checked there.
        var dissolved = f.Structs.SelectMany(s => s.Fields).Where(x => x.Anonymous).Select(x => x.Type.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var s in f.Structs.Where(s => !dissolved.Contains(s.Name)))
        {
            // Explicit offsets are the same wherever .NET runs, so they must equal the C layout on each of its ABIs.
            var type = TypeOf(f, s.CsName);
            foreach (var arch in Arches.DotNet)
            {
                var layout = s.Layout(arch);
                Assert.Equal((s.Name, arch, layout.Size), (s.Name, arch, SizeOf(type)));
                Assert.Equal((s.Name, arch, layout.Size), (s.Name, arch, Marshal.SizeOf(type)));
                foreach (var m in f.Named(s, arch).Where(m => !m.Field.Flexible))
                {
                    Assert.Equal((s.Name, m.Path, arch, m.Offset), (s.Name, m.Path, arch, (int)Marshal.OffsetOf(type, m.Field.CsName)));
                }
            }
        }
    }

    [Fact]
    public void A_flexible_array_is_sized_from_its_offset_and_element_size()
    {
        // struct udmabuf_create_list { __u32 flags; __u32 count; struct udmabuf_create_item list[]; }: items of 24 bytes from offset 8.
        var f = Shipped.Family("udmabuf");
        var type = TypeOf(f, "CreateList");
        var size = type.GetMethod("ListSize")!;
        Assert.Equal(8, (int)size.Invoke(null, [0])!);
        Assert.Equal(8 + 3 * 24, (int)size.Invoke(null, [3])!);
        Assert.Null(type.GetField("List")); // no field: the elements are beyond sizeof (8)
        Assert.Equal(8, SizeOf(type));
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Request_codes_and_handles_are_generated(string family)
    {
        var f = Shipped.Family(family);
        var codes = TypeOf(f, f.CSharp.ClassName);
        foreach (var io in f.Ioctls)
        {
            Assert.All(Arches.DotNet, a => Assert.Equal((a, io.Code(a)), (a, (uint)codes.GetField(io.CsName)!.GetRawConstantValue()!)));
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

public class GeneratedRuntimeCodeTests
{
    [Fact]
    public void Clients_carry_the_specs_semantics_as_attributes()
    {
        var alloc = Shipped.Family("abikit-alloc");
        var files = Shipped.AllCSharp(alloc);
        string client = files.Single(f => f.RelativePath.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Content;
        // Field names are the generated members the spec's names became.
        Assert.Contains("[global::AbiKit.Runtime.Semantics.AbiSemantic(global::AbiKit.Model.SemanticEffect.Creates, Object = \"Handle\")]", client);
        Assert.Contains("[global::AbiKit.Runtime.Semantics.AbiSemantic(global::AbiKit.Model.SemanticEffect.BeginsCpuAccess, Object = \"Handle\", Access = \"Flags\")]", client);
    }

    [Fact]
    public void Clients_carry_every_field_of_the_semantics_conditions_included()
    {
        string Client(string family) => Shipped.AllCSharp(Shipped.Family(family)).Single(f => f.RelativePath.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Content;
        // dma-buf SYNC: START and END are one ioctl told apart by DMA_BUF_SYNC_END in its flags.
        string dmaBuf = Client("dma-buf");
        Assert.Contains("SemanticEffect.BeginsCpuAccess, Access = \"Flags\", WhenField = \"Flags\", WhenFlag = \"End\", WhenSet = false)]", dmaBuf);
        Assert.Contains("SemanticEffect.EndsCpuAccess, Access = \"Flags\", WhenField = \"Flags\", WhenFlag = \"End\", WhenSet = true)]", dmaBuf);
        string i915 = Client("i915");
        Assert.Contains("SemanticEffect.BeginsCpuAccess, Object = \"Handle\", ReadAccess = \"ReadDomains\", WriteAccess = \"WriteDomain\")]", i915);
        Assert.Contains("SemanticEffect.ImportsUserMemory, Object = \"Handle\", Pointer = \"UserPtr\", Size = \"UserSize\", ReadOnlyFlag = \"ReadOnly\")]", i915);
    }

    [Fact]
    public void Older_forms_share_the_newer_forms_dispatch_entry()
    {
        string dispatch = Shipped.AllCSharp(Shipped.Family("i915")).Single(f => f.RelativePath.EndsWith(".Dispatch.g.cs", StringComparison.Ordinal)).Content;
        Assert.Contains("GemMmapOffset<THandler>", dispatch);
        Assert.DoesNotContain("GemMmapGtt<THandler>", dispatch);
    }

    [Fact]
    public void Dispatch_checks_come_from_the_spec()
    {
        string dispatch = Shipped.AllCSharp(Shipped.Family("i915")).Single(f => f.RelativePath.EndsWith(".Dispatch.g.cs", StringComparison.Ordinal)).Content;
        Assert.Contains("if (arg.Extensions != 0) return global::AbiKit.Runtime.Errno.EINVAL;", dispatch);          // reserved
        Assert.Contains("if (((ulong)arg.Flags & ~0x80000003UL) != 0) return global::AbiKit.Runtime.Errno.EINVAL;", dispatch); // userptr flags mask
        Assert.Contains("if (arg.Madv is not (global::AbiKit.Interop.I915.Madvise.Willneed or global::AbiKit.Interop.I915.Madvise.Dontneed))", dispatch); // enum
    }

    [Fact]
    public void A_struct_laid_out_differently_on_a_dotnet_abi_is_refused_not_bound_with_one_layout()
    {
        // The front end never hands such a model over (ABI304 is an error that cannot be allowed); the emitter
        // still refuses rather than emit x86_64's offsets for x86.
        var f = Shipped.Family("drm-core");
        var s = f.Structs[0];
        var shifted = s.Layout(Arch.I386) with { Size = s.Layout(Arch.I386).Size + 4 };
        var broken = f with { Structs = new[] { s with { Layouts = s.Layouts.Select((l, i) => i == (int)Arch.I386 ? shifted : l).ToEquatableArray() } }.Concat(f.Structs.Skip(1)).ToEquatableArray() };
        var error = Assert.Throws<InvalidOperationException>(() => Shipped.CSharp(broken));
        Assert.Contains($"struct {s.Name} is laid out differently on i386", error.Message);
    }
}
