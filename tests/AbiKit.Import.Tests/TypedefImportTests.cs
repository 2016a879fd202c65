using System.Text.Json.Nodes;
using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>The importer keeps typedef names (of scalars, enums, tags, and aggregates named only by a typedef), fields and
/// request macros keep spelling them, and what it cannot keep is reported with why.</summary>
public class TypedefImportTests
{
    private const string Header = """
        #include <linux/types.h>
        #include <linux/ioctl.h>
        typedef unsigned int demo_uint_t;
        typedef __u32 demo_handle_t;
        typedef demo_handle_t demo_context_t;
        enum demo_kind { DEMO_KIND_A = 1, DEMO_KIND_B = 2 };
        typedef enum demo_kind demo_kind_t;
        struct demo_rect { __u16 x, y; };
        typedef struct demo_rect demo_rect_t;
        typedef struct {
        	demo_handle_t handle;
        	demo_rect_t rect;
        	demo_kind_t kind;
        	demo_context_t context;
        } demo_mem_t;
        typedef demo_mem_t demo_mem_alias_t;
        struct demo_bad { float f; };
        typedef struct demo_bad demo_bad_t;
        struct demo_user { demo_mem_alias_t mem; demo_bad_t bad; };
        #define DEMO_IOCTL_ALLOC _IOW('D', 1, demo_mem_t)
        #define DEMO_IOCTL_USE _IOW('D', 2, struct demo_user)
        """;

    private static (JsonObject Spec, ImportResult Result) Import()
    {
        var dir = NativeToolchain.CreateTempDirectory("import-typedef");
        string header = Path.Combine(dir, "demo.h");
        File.WriteAllText(header, Header + "\n");
        var result = HeaderImporter.Import(new ImportRequest { Headers = [header], Family = "demo" });
        NativeToolchain.DeleteTempDirectory(dir);
        Assert.False(result.Failed, string.Join("\n", result.Diagnostics));
        return (JsonNode.Parse(result.SpecJson!)!.AsObject(), result);
    }

    [Fact]
    public void Typedefs_are_kept_and_fields_and_arguments_spell_them()
    {
        var (spec, result) = Import();
        var typedefs = spec["typedefs"]!.AsArray().Select(t => ((string)t!["name"]!, (string)t["type"]!)).ToList();
        Assert.Equal([("demo_uint_t", "unsigned int"), ("demo_handle_t", "u32"), ("demo_context_t", "demo_handle_t"), ("demo_kind_t", "demo_kind"),
            ("demo_rect_t", "demo_rect"), ("demo_mem_alias_t", "demo_mem_t")], typedefs);

        var mem = spec["structs"]!.AsArray().Single(s => (string)s!["name"]! == "demo_mem_t")!;
        Assert.False((bool)mem["tag"]!);
        Assert.Equal(["demo_handle_t", "demo_rect_t", "demo_kind_t", "demo_context_t"], mem["fields"]!.AsArray().Select(f => (string)f!["type"]!));
        Assert.Equal("demo_mem_t", (string)spec["ioctls"]!.AsArray().Single(i => (string)i!["name"]! == "ALLOC")!["arg"]!);

        // What cannot be kept is reported with why: the typedef of an aggregate that is not imported, and its user.
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI403" && d.Message.StartsWith("typedef demo_bad_t is not kept: it stands for demo_bad, which is not imported", StringComparison.Ordinal));
        Assert.Contains(result.Items, i => i.Kind == "struct" && i.Name == "demo_user" && i.DiagnosticId is not null);
        Assert.Contains(result.Items, i => i.Kind == "typedef" && i.Name == "demo_handle_t" && i.DiagnosticId is null);
    }

    [Fact]
    public void The_regenerated_header_declares_them_and_compiles_code_written_against_the_original()
    {
        var (spec, _) = Import();
        var load = new SpecLoader().LoadText("demo.abi.json", spec.ToJsonString());
        Assert.True(load.Model is not null, string.Join("\n", load.Diagnostics));
        string header = new CHeaderEmitter(TemplateSet.Embedded).Emit(load.Model!).Single().Content;
        Assert.Contains("typedef unsigned int demo_uint_t;", header);
        Assert.Contains("typedef __u32 demo_handle_t;", header);
        Assert.Contains("typedef demo_handle_t demo_context_t;", header);
        Assert.Contains("} demo_mem_t;\ntypedef demo_mem_t demo_mem_alias_t;", header);
        Assert.Contains("_IOW('D', 0x01, demo_mem_t)", header);

        string dir = NativeToolchain.CreateTempDirectory("import-typedef-c");
        File.WriteAllText(Path.Combine(dir, "demo.h"), header);
        const string User = """
            #include "demo.h"
            demo_mem_alias_t m = { .handle = 1, .rect = { .x = 2 }, .context = 3 };
            _Static_assert(sizeof(demo_mem_t) == 16 && sizeof(demo_context_t) == 4, "layout");
            unsigned long code = DEMO_IOCTL_ALLOC;
            """;
        foreach (var arch in Arches.All)
            NativeToolchain.CompileC(arch, User, Path.Combine(dir, "u.o"), "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
