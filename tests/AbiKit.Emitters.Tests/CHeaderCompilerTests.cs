using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>
/// Generated headers are proven with real compilers, not only against their snapshots: each ABI's own compiler
/// compiles them and lays them out; its numbers are read from the object file, never by running what it built.
/// </summary>
public class CHeaderCompilerTests
{
    public CHeaderCompilerTests() => NativeToolchain.Require();

    public static TheoryData<string, Arch> FamiliesAndArches()
    {
        var data = new TheoryData<string, Arch>();
        foreach (var f in Repo.ShippedFamilies)
        {
            foreach (var arch in Arches.All) data.Add(f, arch);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Compiles_as_strict_c90(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        // Anonymous and flexible array members are C11 and C99, in the kernel's headers as in AbiKit's: a header with one
        // is held to C11.
        string standard = f.Structs.SelectMany(s => s.Fields).Any(x => x.Anonymous || x.Flexible) ? "-std=c11" : "-std=c90";
        NativeToolchain.CompileC(arch, $"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "c90.o"),
            standard, "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Compiles_as_strict_cplusplus(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        // ISO C++ has no flexible array members (GNU C++ does, as the kernel's headers assume): no -pedantic for those.
        string[] flags = f.Structs.SelectMany(s => s.Fields).Any(x => x.Flexible)
            ? ["-std=gnu++11", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir]
            : ["-std=c++11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir];
        NativeToolchain.CompileCxx(arch, $"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "cxx.o"), flags).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Gcc_lays_the_generated_header_out_as_the_layout_engine_does(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        var expected = Shipped.Report(f, arch);
        LayoutProbe.AssertMatchesCompiler(expected, [Path.Combine(dir, f.C.FileName)], ["-I" + dir]);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Pahole_finds_no_holes(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        // Structs only: a union's one possible padding is at its tail, and the layout probe's sizeof already measures it
        // against the largest member (its members' own structs are inspected here).
        Pahole.AssertNoHoles([Path.Combine(dir, f.C.FileName)], f.Structs.Where(s => s.Kind == AggregateKind.Struct && !s.Inline).Select(s => s.Name), arch, ["-I" + dir]);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    /// <summary>C written against the kernel's amdgpu_drm.h (members reached through unions, untagged member structs and
    /// an anonymous union; the union as the request macro's type) compiles unchanged against the generated header, and
    /// against the real one.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Code_written_against_the_kernels_unions_compiles_against_the_generated_header(bool generated)
    {
        const string program = """
            #include <string.h>
            #include <sys/ioctl.h>
            #include "amdgpu_drm.h"
            unsigned int create(int fd, unsigned long long size)
            {
                union drm_amdgpu_gem_create args;
                memset(&args, 0, sizeof(args));
                args.in.bo_size = size;
                args.in.domains = AMDGPU_GEM_DOMAIN_VRAM;
                args.in.domain_flags = AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED;
                if (ioctl(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &args) != 0) return 0;
                return args.out.handle;
            }
            unsigned long long offset(int fd, unsigned int handle)
            {
                union drm_amdgpu_gem_mmap args = { .in = { .handle = handle } };
                ioctl(fd, DRM_IOCTL_AMDGPU_GEM_MMAP, &args);
                return args.out.addr_ptr;
            }
            unsigned int context(int fd)
            {
                union drm_amdgpu_ctx args = { .in = { .op = 1 } };
                if (ioctl(fd, DRM_IOCTL_AMDGPU_CTX, &args) != 0) return 0;
                return args.out.alloc.ctx_id + args.out.state.hangs;
            }
            unsigned int chunk_handle(const struct drm_amdgpu_cs_chunk_data *chunk)
            {
                return chunk->fence_data.handle + chunk->ib_data.ring;
            }
            unsigned int map_uncached(int fd, unsigned int handle, unsigned long long va, unsigned long long size)
            {
                struct drm_amdgpu_gem_va args = { .handle = handle, .operation = AMDGPU_VA_OP_MAP, .va_address = va, .map_size = size };
                args.flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_MTYPE_UC;
                ioctl(fd, DRM_IOCTL_AMDGPU_GEM_VA, &args);
                return (args.flags & AMDGPU_VM_MTYPE_MASK) >> 5;
            }
            _Static_assert(AMDGPU_VM_MTYPE_MASK == 0x1e0 && AMDGPU_VM_MTYPE_RW == 0xa0 && AMDGPU_VM_PAGE_PRT == 0x10, "the multi-bit field");
            _Static_assert(AMDGPU_VCE_CLOCK_TABLE_ENTRIES == 6, "the named array length");
            _Static_assert(sizeof(((struct drm_amdgpu_info_vce_clock_table *)0)->entries)
                == AMDGPU_VCE_CLOCK_TABLE_ENTRIES * sizeof(struct drm_amdgpu_info_vce_clock_table_entry), "entries[] by the constant");
            """;
        string dir = Shipped.WriteHeaders();
        NativeToolchain.CompileC(program, Path.Combine(dir, "union.o"), "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-c",
            generated ? "-I" + dir : "-I" + NativeToolchain.LibDrmIncludeDirectory).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }

    /// <summary>A value naming another header's constant includes that header and checks the value with the preprocessor,
    /// on every ABI (each with its own compiler and &lt;fcntl.h&gt;); a wrong value stops the build.</summary>
    [Theory]
    [InlineData("02000000", true)]
    [InlineData("0x4000", false)]
    public void An_included_constant_is_included_and_checked_not_redefined(string value, bool right)
    {
        var result = new SpecLoader().LoadText("open.abi.json", $$"""
            {
              "family": "open-flags",
              "doc": "Open flags.",
              "ioctl": { "type": "x", "style": "generic" },
              "includes": [ { "header": "<fcntl.h>", "constants": [ { "name": "O_CLOEXEC", "value": "{{value}}" } ] } ],
              "flags": [ { "name": "open_flags", "type": "u32", "flags": [ { "name": "OPEN_CLOEXEC", "value": "O_CLOEXEC" } ] } ]
            }
            """);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        string header = Shipped.Header(result.Model!);
        Assert.Contains("#include <fcntl.h>", header);
        Assert.Contains("#define OPEN_CLOEXEC O_CLOEXEC", header);
        Assert.DoesNotContain("#define O_CLOEXEC", header);
        string dir = NativeToolchain.CreateTempDirectory("abikit-include");
        File.WriteAllText(Path.Combine(dir, "open_flags.h"), header);
        foreach (var arch in Arches.All)
        {
            ProcessResult Compile() => NativeToolchain.CompileC(arch, "#include \"open_flags.h\"\n_Static_assert(OPEN_CLOEXEC == 02000000, \"O_CLOEXEC\");\n",
                Path.Combine(dir, "o.o"), "-std=gnu11", "-Wall", "-Werror", "-c", "-I" + dir);
            if (right) Compile().EnsureSuccess();
            else Assert.Contains("O_CLOEXEC of fcntl.h is not 0x4000", Assert.Throws<NativeToolchainException>(Compile).Message);
        }
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void Hostile_doc_strings_cannot_break_out_of_comments()
    {
        var f = Shipped.Family("dma-buf");
        var evil = f with { Doc = "Ends the comment */ int broken = ; /* and more" };
        string dir = NativeToolchain.CreateTempDirectory("abikit-evil");
        File.WriteAllText(Path.Combine(dir, f.C.FileName), Shipped.Header(evil));
        NativeToolchain.CompileC($"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "e.o"),
            "-std=c90", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
