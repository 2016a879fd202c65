using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Compat.Tests;

/// <summary>The base spec every scenario edits, and loading of edited versions.</summary>
internal static class ScenarioSpecs
{
    /// <summary>A DRM-core-style family with an enum, a flag set, a handle, three structs and three ioctls.</summary>
    public const string Base = """
        {
          "family": "demo",
          "doc": "Demo family.",
          "version": 1,
          "csharp": { "namespace": "Demo", "class": "DemoIoctls" },
          "ioctl": { "type": "d", "style": "drm-core", "typeMacro": "DRM_IOCTL_BASE", "codePrefix": "DRM_IOCTL_DEMO_" },
          "enums": [
            { "name": "demo_mode", "type": "u32", "doc": "Modes.", "values": [
              { "name": "DEMO_MODE_A", "value": 0, "doc": "A." },
              { "name": "DEMO_MODE_B", "value": 1, "doc": "B." } ] }
          ],
          "flags": [
            { "name": "demo_flags", "type": "u32", "doc": "Flags.", "flags": [
              { "name": "DEMO_READ", "value": 1, "doc": "Read." },
              { "name": "DEMO_WRITE", "value": 2, "doc": "Write." } ] }
          ],
          "handles": [ { "name": "demo_handle", "type": "u32", "scope": "file", "doc": "A handle." } ],
          "structs": [
            { "name": "demo_create", "doc": "Create.", "fields": [
              { "name": "size", "type": "u64", "doc": "Size." },
              { "name": "flags", "type": "demo_flags", "doc": "Flags." },
              { "name": "handle", "type": "demo_handle", "dir": "out", "doc": "Handle." } ] },
            { "name": "demo_close", "doc": "Close.", "fields": [
              { "name": "handle", "type": "demo_handle", "doc": "Handle." },
              { "name": "pad", "type": "u32", "reserved": true, "doc": "Zero." } ] }
            , { "name": "demo_name", "doc": "Name.", "fields": [ { "name": "name", "type": "u8", "count": 16, "dir": "out", "doc": "Name." } ] }
          ],
          "ioctls": [
            { "name": "CREATE", "nr": 0, "dir": "inout", "arg": "demo_create", "permissions": ["render"], "doc": "Creates.",
              "semantics": [ { "effect": "creates", "object": "handle" } ] },
            { "name": "CLOSE", "nr": 1, "dir": "in", "arg": "demo_close", "permissions": ["render"], "doc": "Closes.",
              "semantics": [ { "effect": "destroys", "object": "handle" } ] }
            , { "name": "NAME", "nr": 2, "dir": "out", "arg": "demo_name", "permissions": ["render"], "doc": "Names." }
          ]
        }
        """;

    /// <summary>Applies replacements, each of which must match exactly once (so a drifting base fails loudly).</summary>
    public static string Edit(string spec, IEnumerable<(string From, string To)> edits)
    {
        foreach (var (from, to) in edits)
        {
            int first = spec.IndexOf(from, StringComparison.Ordinal);
            Assert.True(first >= 0 && spec.IndexOf(from, first + 1, StringComparison.Ordinal) < 0, $"'{from}' must occur exactly once in the spec");
            spec = spec.Replace(from, to, StringComparison.Ordinal);
        }
        return spec;
    }

    /// <summary>Loads a spec from memory; fails the test on any error other than lint.</summary>
    public static AbiFamily Load(string text, string path = "demo.abi.json")
    {
        var result = new SpecLoader().LoadText(path, text);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error && !d.Id.StartsWith("ABI3", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"{path} does not load:\n{string.Join("\n", errors)}");
        return result.Model ?? result.LaidOut!;
    }

    /// <summary>The same spec as a generic (non-DRM) family: no permissions, request codes checked by size.</summary>
    public static string Generic(string spec) => spec
        .Replace("""{ "type": "d", "style": "drm-core", "typeMacro": "DRM_IOCTL_BASE", "codePrefix": "DRM_IOCTL_DEMO_" }""", """{ "type": "x", "style": "generic" }""", StringComparison.Ordinal)
        .Replace("\"permissions\": [\"render\"], ", "", StringComparison.Ordinal);
}
