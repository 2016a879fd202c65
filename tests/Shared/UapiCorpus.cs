using AbiKit.Import;

namespace AbiKit.Corpus;

/// <summary>One header of the uapi corpus and how it is imported.</summary>
/// <param name="Header">Absolute path.</param>
/// <param name="Family">Spec family (and file stem).</param>
/// <param name="Preludes">Headers it needs included first (libdrm's driver headers use drm.h and stdint.h without including them).</param>
/// <param name="Imports">Specs (in the same directory) whose types it uses.</param>
internal sealed record UapiHeader(string Header, string Family, IReadOnlyList<string> Preludes, IReadOnlyList<string> Imports)
{
    public string Name => Path.GetFileName(Header);

    public override string ToString() => Name;
}

/// <summary>
/// The corpus of issue 10: every uapi header of Debian's libdrm-dev (<c>/usr/include/libdrm/*_drm.h</c>, <c>drm.h</c>,
/// <c>drm_mode.h</c>) and <c>linux/dma-buf.h</c>, <c>linux/udmabuf.h</c>, <c>linux/dma-heap.h</c>, in import order
/// (drm_mode.h before drm.h, which uses its structs; drm.h before the drivers).
/// </summary>
internal static class UapiCorpus
{
    public const string LibDrm = "/usr/include/libdrm";

    /// <summary>via_drm.h includes via_drmclient.h, which libdrm-dev does not ship: an empty stand-in is put on the include path.</summary>
    public const string MissingInclude = "via_drmclient.h";

    public static IReadOnlyList<UapiHeader> Headers { get; } = Build();

    private static List<UapiHeader> Build()
    {
        var list = new List<UapiHeader>
        {
            new(Path.Combine(LibDrm, "drm_mode.h"), "drm-mode", [], []),
            new(Path.Combine(LibDrm, "drm.h"), "drm", [], ["drm-mode.abi.json"]),
        };
        if (Directory.Exists(LibDrm))
        {
            foreach (var h in Directory.GetFiles(LibDrm, "*_drm.h").Order(StringComparer.Ordinal))
            {
                list.Add(new(h, Path.GetFileNameWithoutExtension(h).Replace('_', '-'), [Path.Combine(LibDrm, "drm.h"), "/usr/include/stdint.h"], ["drm.abi.json"]));
            }
        }

        foreach (var name in new[] { "dma-buf", "udmabuf", "dma-heap" })
        {
            list.Add(new($"/usr/include/linux/{name}.h", name, [], []));
        }

        return list;
    }

    /// <summary>Imports <paramref name="header"/> into <paramref name="directory"/> (as <c>FAMILY.abi.json</c>).</summary>
    /// <param name="header">The header.</param>
    /// <param name="directory">Where the specs go.</param>
    /// <param name="stubDirectory">A directory holding the empty <see cref="MissingInclude"/>.</param>
    public static ImportResult Import(UapiHeader header, string directory, string stubDirectory)
    {
        var result = HeaderImporter.Import(Request(header, stubDirectory));
        if (result.SpecJson is not null) File.WriteAllText(Path.Combine(directory, header.Family + ".abi.json"), result.SpecJson);
        return result;
    }

    /// <summary>How <paramref name="header"/> is imported (and verified).</summary>
    /// <param name="header">The header.</param>
    /// <param name="stubDirectory">A directory holding the empty <see cref="MissingInclude"/>.</param>
    public static ImportRequest Request(UapiHeader header, string stubDirectory) => new()
    {
        Headers = [header.Header],
        IncludeDirectories = [LibDrm, stubDirectory],
        Preludes = header.Preludes,
        Imports = header.Imports,
        Family = header.Family,
    };

    /// <summary>Creates <paramref name="directory"/> with the empty stand-in header in it.</summary>
    public static string CreateStub(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, MissingInclude), "/* empty stand-in: libdrm-dev does not ship via_drmclient.h */\n");
        return directory;
    }
}
