using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Emitters.Kernel;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.KernelSide.Tests;

/// <summary>abikit-alloc's model and what AbiKit generates from it: the uapi headers and the kernel side.</summary>
public static class Generated
{
    private static readonly Lazy<IReadOnlyList<AbiFamily>> Shipped = new(() => Repo.ShippedFamilies.Select(Load).ToList());

    /// <summary>Every shipped family.</summary>
    public static IReadOnlyList<AbiFamily> All => Shipped.Value;

    /// <summary>The abikit-alloc model.</summary>
    public static AbiFamily Alloc => All.Single(f => f.Family == "abikit-alloc");

    /// <summary>The drm-core model abikit-alloc imports.</summary>
    public static AbiFamily Core => All.Single(f => f.Family == "drm-core");

    /// <summary>Writes the uapi headers of <paramref name="families"/> (default abikit-alloc's and drm-core's) into <paramref name="directory"/>.</summary>
    public static void WriteUapiHeaders(string directory, IEnumerable<AbiFamily>? families = null)
    {
        foreach (var family in families ?? [Alloc, Core])
        {
            foreach (var file in new CHeaderEmitter(TemplateSet.Embedded).Emit(family)) File.WriteAllText(Path.Combine(directory, file.RelativePath), file.Content);
        }
    }

    /// <summary>Writes the kernel-side files of <paramref name="family"/> (default abikit-alloc) into <paramref name="directory"/>,
    /// each passed through <paramref name="edit"/>.</summary>
    public static void WriteKernelFiles(string directory, Func<string, string, string>? edit = null, AbiFamily? family = null)
    {
        foreach (var file in new KernelEmitter(TemplateSet.Embedded).Emit(family ?? Alloc)) File.WriteAllText(Path.Combine(directory, file.RelativePath), edit is null ? file.Content : edit(file.RelativePath, file.Content));
    }

    /// <summary>The ioctls that have a validation function, in the model's order, with their argument struct.</summary>
    public static IReadOnlyList<(AbiIoctl Ioctl, AbiStruct Arg)> Validated
        => Alloc.Ioctls.Where(ArgumentChecks.IsDispatched)
            .Select(io => (io, ArgumentChecks.Argument(Alloc, io)))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.io, x.Item2!))
            .ToList();

    private static AbiFamily Load(string family)
    {
        var result = new SpecLoader().Load(Repo.Spec(family));
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }
}
