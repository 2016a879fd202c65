using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>The intended differences from Linux that the shipped specs record (ioctls' linuxDifferences), read through the front end.</summary>
public static class RecordedDifferences
{
    private static readonly Lazy<IReadOnlyDictionary<string, (string Ioctl, LinuxDifference Difference)>> All = new(Load);

    /// <summary>Every recorded difference by case id, with the request macro of the ioctl that records it.</summary>
    public static IReadOnlyDictionary<string, (string Ioctl, LinuxDifference Difference)> ByCase => All.Value;

    private static IReadOnlyDictionary<string, (string Ioctl, LinuxDifference Difference)> Load()
    {
        var loader = new SpecLoader();
        var found = new Dictionary<string, (string, LinuxDifference)>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Repo.SpecDirectory, "*.abi.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var result = loader.Load(path);
            if (result.Model is not { } family) throw new InvalidOperationException($"{path} does not load: {string.Join("; ", result.Diagnostics)}");
            foreach (var ioctl in family.Ioctls)
            {
                foreach (var difference in ioctl.LinuxDifferences)
                {
                    if (!found.TryAdd(difference.Case, (ioctl.CodeMacro, difference)))
                        throw new InvalidOperationException($"case {difference.Case} is recorded twice ({found[difference.Case].Item1} and {ioctl.CodeMacro})");
                }
            }
        }
        return found;
    }
}
