using AbiKit.Model;
using System.Text.Json;
using AbiKit.TestSupport;

namespace AbiKit.Cli.Tests;

public class CommandTests
{
    private static string BrokenSpec()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-cli");
        string path = Path.Combine(dir, "broken.abi.json");
        File.WriteAllText(path, """
            {
              "family": "broken",
              "doc": "A hole and a typo.",
              "ioctl": { "type": "x", "style": "generic" },
              "structs": [ { "name": "bo", "fields": [ { "name": "handle", "type": "u32" }, { "name": "size", "type": "u64" } ] } ],
              "ioctls": [ { "name": "CREATE", "nr": 1, "dir": "inout", "arg": "bo", "permisions": [] } ]
            }
            """);
        return path;
    }

    [Fact]
    public void Check_on_shipped_specs_exits_0()
    {
        var result = Cli.Run(["check", .. Repo.ShippedFamilies.Select(Repo.Spec)]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Contains($"{Repo.ShippedFamilies.Count} spec(s) checked: 0 error(s), 0 warning(s).", result.Stdout);
    }

    [Fact]
    public void Check_on_a_broken_spec_prints_located_diagnostics_and_exits_1()
    {
        string path = BrokenSpec();
        var result = Cli.Run("check", path);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l == $"{path}(5,91): error ABI301: 4-byte hole before field 'size' of struct bo at offset 4 on every ABI but i386 and m68k: the compiler pads it silently and the kernel cannot check those bytes. Insert an explicit reserved field of 4 bytes before it");
        Assert.Contains(lines, l => l.StartsWith($"{path}(6,73): error ABI101: unknown key 'permisions' in ioctl; did you mean 'permissions'?", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^.+\(\d+,\d+\): (error|warning) ABI\d{3}: .+$", l));
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Cli.Run("check").ExitCode);
        Assert.Equal(2, Cli.Run("layout", Repo.Spec("i915"), "--arch", "sparc").ExitCode);
        Assert.Equal(2, Cli.Run("frobnicate").ExitCode);
        Assert.Equal(2, Cli.Run("decode", "not-a-number").ExitCode);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("../escape.abi.json")]
    public void Check_refuses_an_import_outside_the_specs_tree_located_and_exits_1(string import)
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-cli");
        string path = Path.Combine(dir, "importer.abi.json");
        File.WriteAllText(path, $$"""
            {
              "family": "importer",
              "doc": "Imports what it must not.",
              "imports": ["{{import}}"],
              "ioctl": { "type": "x", "style": "generic" }
            }
            """);
        var result = Cli.Run("check", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}(4,15): error ABI105: import '{import}' must be a relative path inside this spec's directory", result.Stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("compat")]   // compat reads through its own recording file system
    public void An_import_through_a_symbolic_link_is_refused_located_and_exits_1(string command)
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-cli-link");
        File.CreateSymbolicLink(Path.Combine(dir, "passwd.abi.json"), "/etc/passwd");
        string path = Path.Combine(dir, "importer.abi.json");
        File.WriteAllText(path, """
            {
              "family": "importer",
              "doc": "Imports through a link.",
              "imports": ["passwd.abi.json"],
              "ioctl": { "type": "x", "style": "generic" }
            }
            """);
        var result = command == "check" ? Cli.Run("check", path) : Cli.Run("compat", path, path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{path}(4,15): error ABI105: import 'passwd.abi.json' passes through the symbolic link 'passwd.abi.json'", result.Stderr + result.Stdout);
        Assert.DoesNotContain("root:", result.Stderr + result.Stdout);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void Check_on_a_device_exits_1_without_reading_it()
    {
        var result = Cli.Run("check", "/dev/zero");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/dev/zero(1,1): error ABI105: cannot read the spec: it is empty or not a regular file", result.Stderr);
    }

    [Fact]
    public void Missing_files_are_errors_not_crashes()
    {
        var result = Cli.Run("check", "/nonexistent/x.abi.json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/x.abi.json(1,1): error ABI105: cannot read the spec: file not found", result.Stderr);
    }

    [Fact]
    public void Layout_json_has_exactly_the_documented_shape()
    {
        var result = Cli.Run("layout", Repo.Spec("drm-core"), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(["arch", "structs", "ioctls"], root.EnumerateObject().Select(p => p.Name));
        var close = root.GetProperty("structs").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "drm_gem_close");
        Assert.Equal(["name", "size", "align", "fields"], close.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "offset", "size"], close.GetProperty("fields")[0].EnumerateObject().Select(p => p.Name));
        var ioctl = root.GetProperty("ioctls").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "DRM_IOCTL_GEM_CLOSE");
        Assert.Equal(["name", "code"], ioctl.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0x40086409", ioctl.GetProperty("code").GetString());
    }

    [Fact]
    public void Layout_text_is_a_pahole_like_picture()
    {
        var result = Cli.Run("layout", Repo.Spec("i915"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("struct drm_i915_gem_create {", result.Stdout);
        Assert.Matches(@"\t__u64\s+size;\s+/\*\s+0\s+8 \*/", result.Stdout);
        Assert.Contains("/* size: 16, cachelines: 1, members: 3 */", result.Stdout);
        Assert.Matches(@"DRM_IOCTL_I915_GEM_CREATE\s+0xC010645B  _IOWR\('d', 0x5b, 16\)", result.Stdout);
    }

    [Fact]
    public void Layout_text_shows_holes()
    {
        string path = BrokenSpec();
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"permisions\": []", "\"allow\": {}"));
        // A spec with errors has no model to show: the diagnostics say why.
        var result = Cli.Run("layout", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ABI301", result.Stderr);
    }

    [Fact]
    public void Decode_names_the_ioctl_from_a_spec()
    {
        var result = Cli.Run("decode", "0xC010645B", "--spec", Repo.Spec("i915"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("direction: read/write (_IOWR)", result.Stdout);
        Assert.Contains("type:      0x64 'd'", result.Stdout);
        Assert.Contains("number:    0x5b (91)", result.Stdout);
        Assert.Contains("size:      16 bytes", result.Stdout);
        Assert.Contains("name:      DRM_IOCTL_I915_GEM_CREATE (i915.abi.json, every ABI)", result.Stdout);
    }

    [Fact]
    public void Decode_knows_that_powerpc_encodes_directions_differently()
    {
        // DRM_IOCTL_GEM_CLOSE is 0x40086409 with asm-generic/ioctl.h and 0x80086409 on powerpc.
        var generic = Cli.Run("decode", "0x40086409", "--spec", Repo.Spec("drm-core"));
        Assert.Contains("name:      DRM_IOCTL_GEM_CLOSE (drm-core.abi.json, every ABI but ppc64le)", generic.Stdout);
        var ppc = Cli.Run("decode", "0x80086409", "--spec", Repo.Spec("drm-core"), "--arch", "ppc64le");
        Assert.Equal(0, ppc.ExitCode);
        Assert.Contains("direction: write (_IOW: user space to kernel)", ppc.Stdout);
        Assert.Contains("size:      8 bytes", ppc.Stdout);
        Assert.Contains("name:      DRM_IOCTL_GEM_CLOSE (drm-core.abi.json, ppc64le)", ppc.Stdout);
    }

    [Fact]
    public void Layout_all_prints_one_matrix_and_marks_what_differs()
    {
        var result = Cli.Run("layout", Repo.Spec("drm-core"), "--arch", "all");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("struct drm_gem_open", StringComparison.Ordinal) && l.Contains("x86_64", StringComparison.Ordinal) && l.TrimEnd().EndsWith("m68k", StringComparison.Ordinal));
        // Same bytes everywhere: no size or offset is marked, and the codes differ only in ppc64le's encoding.
        Assert.DoesNotContain(lines, l => l.Contains('*', StringComparison.Ordinal) && !l.StartsWith("/*", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  DRM_IOCTL_GEM_CLOSE", StringComparison.Ordinal) && l.Contains("0x80086409", StringComparison.Ordinal));

        var json = Cli.Run("layout", Repo.Spec("drm-core"), "--arch", "all", "--format", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(Arches.All.Select(a => a.Name()), doc.RootElement.EnumerateArray().Select(e => e.GetProperty("arch").GetString()));
    }

    [Fact]
    public void Layout_shows_the_holes_of_a_spec_that_has_lint_errors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"abikit-holes-{Guid.NewGuid():N}.abi.json");
        File.WriteAllText(path, """
            { "family": "bo", "doc": "A botched struct.", "ioctl": { "type": "b", "style": "generic" },
              "structs": [ { "name": "bo", "fields": [ { "name": "handle", "type": "u32" }, { "name": "size", "type": "u64" } ] } ] }
            """);
        var x64 = Cli.Run("layout", path);
        Assert.Equal(1, x64.ExitCode); // the spec has errors, and says so
        Assert.Contains("error ABI301", x64.Stderr);
        Assert.Contains("/* XXX 4 bytes hole, try to pack */", x64.Stdout);
        var all = Cli.Run("layout", path, "--arch", "all");
        Assert.Contains(all.Stdout.Split('\n'), l => l.StartsWith("  size", StringComparison.Ordinal) && l.Contains("4+8*", StringComparison.Ordinal));
        File.Delete(path);
    }

    [Fact]
    public void Decode_notes_the_older_form_sharing_a_number()
    {
        var result = Cli.Run("decode", "0xC0106464", "--spec", Repo.Spec("i915"));
        Assert.Contains("name:      DRM_IOCTL_I915_GEM_MMAP_GTT", result.Stdout);
        Assert.Contains("same type and number as DRM_IOCTL_I915_GEM_MMAP_OFFSET", result.Stdout);
    }

    [Fact]
    public void Decode_without_specs_still_explains_the_code()
    {
        var result = Cli.Run("decode", "2147766784"); // 0x80045200 RNDGETENTCNT
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0x80045200  _IOR('R', 0x00, 4)", result.Stdout);
    }

    [Fact]
    public void Generate_writes_headers_and_csharp_per_language()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-gen");
        var result = Cli.Run(["generate", .. Repo.ShippedFamilies.Select(Repo.Spec), "--out", dir]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, "c", "i915_drm.h")));
        Assert.True(File.Exists(Path.Combine(dir, "csharp", "I915Ioctls.g.cs")));
        Assert.True(File.Exists(Path.Combine(dir, "csharp", "I915Ioctls.Client.g.cs")));
        Assert.True(File.Exists(Path.Combine(dir, "csharp", "I915Ioctls.Dispatch.g.cs")));
        Assert.True(File.Exists(Path.Combine(dir, "kernel", "i915_drm_validate.c")));
        Assert.True(File.Exists(Path.Combine(dir, "kernel", "i915_drm_drv.h")));
        // Per family: a header, bindings, client, dispatch, the kernel's validation .h and .c; per DRM driver family
        // (abikit-alloc, i915, amdgpu) also the kernel's table .h and .c.
        Assert.Equal(6 * Repo.ShippedFamilies.Count + 2 * 3, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length);

        string only = NativeToolchain.CreateTempDirectory("abikit-gen-c");
        Assert.Equal(0, Cli.Run("generate", Repo.Spec("dma-buf"), "--out", only, "--lang", "c").ExitCode);
        Assert.Equal(["dma_buf.h"], Directory.GetFiles(only, "*", SearchOption.AllDirectories).Select(Path.GetFileName));

        string kernel = NativeToolchain.CreateTempDirectory("abikit-gen-kernel");
        Assert.Equal(0, Cli.Run("generate", Repo.Spec("abikit-alloc"), "--out", kernel, "--lang", "kernel").ExitCode);
        Assert.Equal(["abikit_alloc_drv.c", "abikit_alloc_drv.h", "abikit_alloc_validate.c", "abikit_alloc_validate.h"],
            Directory.GetFiles(Path.Combine(kernel, "kernel")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Generate_skips_broken_specs_and_exits_1()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-gen");
        var result = Cli.Run("generate", BrokenSpec(), Repo.Spec("dma-buf"), "--out", dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(6, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Import_writes_a_spec_that_check_resolves()
    {
        var dir = Directory.CreateTempSubdirectory("abikit-cli-import-").FullName;
        try
        {
            string spec = Path.Combine(dir, "udmabuf.abi.json");
            var import = Cli.Run("import", "/usr/include/linux/udmabuf.h", "--out", spec);
            Assert.True(import.ExitCode == 0, import.Stderr);
            Assert.Contains("udmabuf.abi.json: 6 of 6 declarations imported", import.Stdout);
            var check = Cli.Run("check", spec);
            Assert.True(check.ExitCode == 0, check.Stderr);
            string text = File.ReadAllText(spec);
            Assert.Contains("\"name\": \"CREATE_LIST\"", text, StringComparison.Ordinal);
            Assert.Contains("\"flexible\": true", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Import_verify_judges_the_spec_by_each_ABIs_compiler()
    {
        var dir = Directory.CreateTempSubdirectory("abikit-cli-import-").FullName;
        try
        {
            string spec = Path.Combine(dir, "udmabuf.abi.json");
            var result = Cli.Run("import", "/usr/include/linux/udmabuf.h", "--out", spec, "--verify", "--arch", "x86_64", "i386", "s390x");
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("udmabuf.abi.json: verified on x86_64, i386, s390x: 30 sizes, offsets and values per ABI equal to the headers as compiled.", result.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Import_verify_of_a_spec_that_does_not_load_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("abikit-cli-import-").FullName;
        try
        {
            // A DRM driver header imported without the drm-core spec it needs: written (with its warnings), but not loadable.
            var result = Cli.Run("import", "/usr/include/libdrm/vc4_drm.h", "-I", "/usr/include/libdrm", "--out", Path.Combine(dir, "vc4.abi.json"), "--verify");
            Assert.Equal(AbiKitCommand.Errors, result.ExitCode);
            Assert.Contains("vc4.abi.json: cannot verify: the spec written does not load", result.Stderr);
            Assert.Contains("error ABI104", result.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Import_of_a_missing_header_fails_with_ABI400()
    {
        var result = Cli.Run("import", "/nonexistent/uapi.h", "--out", Path.Combine(Path.GetTempPath(), "never.abi.json"));
        Assert.Equal(AbiKitCommand.Errors, result.ExitCode);
        Assert.Contains("error ABI400", result.Stderr);
    }
}
