using AbiKit.Emitters.C;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

public class TemplateTests
{
    [Fact]
    public void A_template_directory_overrides_the_embedded_template()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-templates");
        File.WriteAllText(Path.Combine(dir, "c-header.hbs"), "/* {{FileName}}: {{#each Structs}}{{Name}} {{/each}}*/\n");
        var output = new CHeaderEmitter(TemplateSet.FromDirectory(dir)).Emit(Shipped.Family("drm-core")).Single().Content;
        Assert.Equal("/* drm_core.h: drm_auth drm_get_cap drm_gem_close drm_gem_flink drm_gem_open drm_prime_handle drm_mode_create_dumb drm_mode_map_dumb drm_mode_destroy_dumb */\n", output);
        // Templates the directory lacks still come from the assembly.
        Assert.Contains("namespace AbiKit.Interop.DrmCore", new CSharp.CSharpEmitter(TemplateSet.FromDirectory(dir)).Emit(Shipped.Family("drm-core")).Single().Content);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void A_broken_template_is_a_clear_error()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-templates");
        File.WriteAllText(Path.Combine(dir, "c-header.hbs"), "{{#each Structs}}unclosed");
        var ex = Assert.Throws<TemplateException>(() => new CHeaderEmitter(TemplateSet.FromDirectory(dir)).Emit(Shipped.Family("drm-core")));
        Assert.Contains("c-header.hbs", ex.Message);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void Every_embedded_template_is_listed() =>
        Assert.All(TemplateSet.Names, n => Assert.NotEmpty(TemplateSet.ReadEmbedded(n)));
}
