namespace AbiKit.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AbiKit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"AbiKit.sln not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (the folder holding AbiKit.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>abi-spec/.</summary>
    public static string SpecDirectory => Path.Combine(Root, "abi-spec");

    /// <summary>The path of a shipped spec, e.g. <c>Spec("i915")</c>.</summary>
    public static string Spec(string family) => Path.Combine(SpecDirectory, family + ".abi.json");

    /// <summary>The shipped spec families.</summary>
    public static IReadOnlyList<string> ShippedFamilies { get; } = ["drm-core", "abikit-alloc", "i915", "dma-buf", "amdgpu", "udmabuf"];

    /// <summary>A path below the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
