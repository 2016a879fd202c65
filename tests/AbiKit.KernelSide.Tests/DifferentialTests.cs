using AbiKit.Emitters;
using AbiKit.TestSupport;
using Xunit.Abstractions;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// The generated kernel validation and AbiKit's C# dispatch checks agree, struct by struct, on at least 100,000 random
/// arguments per ioctl biased toward edge values.
/// </summary>
public class DifferentialTests(ITestOutputHelper log)
{
    private const int PerIoctl = 100_000;

    [Fact]
    public void Kernel_validation_and_csharp_dispatch_agree()
    {
        string directory = NativeToolchain.CreateTempDirectory("kernel-differential");
        var outcome = Compare(NativeValidation.Build(directory), directory, PerIoctl, seed: 20261202);
        foreach (var line in outcome.Lines) log.WriteLine(line);
        Assert.True(outcome.Disagreements.Count == 0, string.Join("\n", outcome.Disagreements));
        Assert.All(outcome.PerIoctl, x => Assert.Equal(PerIoctl, x.Compared));
        // The random structs reach both sides of every check: an ioctl with checks sees rejected and accepted arguments.
        Assert.All(outcome.PerIoctl.Where(x => x.Checks > 0), x => Assert.True(x.Accepted > PerIoctl / 20 && x.Accepted < PerIoctl - PerIoctl / 20, $"{x.Name}: {x.Accepted} of {PerIoctl} accepted"));
        NativeToolchain.DeleteTempDirectory(directory);
    }

    [Fact]
    public void A_forgotten_check_is_caught()
    {
        // The kernel side without CREATE's first check of its reserved field: the comparison must notice.
        string directory = NativeToolchain.CreateTempDirectory("kernel-differential-broken");
        string Edit(string file, string text)
        {
            if (!file.EndsWith("_validate.c", StringComparison.Ordinal)) return text;
            int create = text.IndexOf("int abikit_alloc_validate_create(", StringComparison.Ordinal);
            int pad = text.IndexOf("\tif (args->pad)\n\t\treturn -EINVAL;\n", create, StringComparison.Ordinal);
            Assert.True(create >= 0 && pad > create, "the generated CREATE validation has no pad check to remove");
            return text.Remove(pad, "\tif (args->pad)\n\t\treturn -EINVAL;\n".Length);
        }
        var outcome = Compare(NativeValidation.Build(directory, Edit), directory, 10_000, seed: 7);
        Assert.NotEmpty(outcome.Disagreements);
        Assert.Contains("CREATE", outcome.Disagreements[0]);
        Assert.All(outcome.PerIoctl.Where(x => x.Name != "CREATE"), x => Assert.Equal(0, x.Disagreed));
        NativeToolchain.DeleteTempDirectory(directory);
    }

    private sealed record IoctlOutcome(string Name, int Checks, int Compared, int Accepted, int Disagreed);

    private sealed record Outcome(List<IoctlOutcome> PerIoctl, List<string> Disagreements, List<string> Lines);

    private static Outcome Compare(string harness, string directory, int count, int seed)
    {
        var validated = Generated.Validated;
        var random = new RandomArguments(seed);
        string input = Path.Combine(directory, "structs.bin");
        var structs = new List<byte[]>();
        using (var file = File.Create(input))
        {
            foreach (var (io, arg) in validated)
            {
                var checks = ArgumentChecks.For(Generated.Alloc, io);
                byte[] all = new byte[arg.Layout(AbiKit.Model.Arch.X86_64).Size * count];
                int size = arg.Layout(AbiKit.Model.Arch.X86_64).Size;
                for (int n = 0; n < count; n++) random.Fill(all.AsSpan(n * size, size), arg, checks);
                file.Write(all);
                structs.Add(all);
            }
        }
        byte[] native = NativeValidation.Run(harness, input, count);
        Assert.Equal(validated.Count * count, native.Length);

        var perIoctl = new List<IoctlOutcome>();
        var disagreements = new List<string>();
        var lines = new List<string>();
        for (int t = 0; t < validated.Count; t++)
        {
            var (io, arg) = validated[t];
            var entry = DispatchValidation.Entry(io);
            int size = arg.Layout(AbiKit.Model.Arch.X86_64).Size, accepted = 0, disagreed = 0;
            for (int n = 0; n < count; n++)
            {
                var data = structs[t].AsSpan(n * size, size);
                int csharp = (int)DispatchValidation.Answer(entry, data);
                int kernel = native[t * count + n];
                if (csharp == 0) accepted++;
                if (csharp == kernel) continue;
                if (disagreed++ == 0)
                    disagreements.Add($"{io.Name}: struct #{n} {Convert.ToHexString(data)}: kernel validation {kernel}, C# dispatch {csharp}");
            }
            perIoctl.Add(new IoctlOutcome(io.Name, ArgumentChecks.For(Generated.Alloc, io).Count, count, accepted, disagreed));
            lines.Add($"{io.Name}: {count} structs compared, {accepted} accepted by both, {disagreed} disagreements");
        }
        lines.Add($"total: {validated.Count * count} structs over {validated.Count} ioctls, {perIoctl.Sum(x => x.Disagreed)} disagreements");
        return new Outcome(perIoctl, disagreements, lines);
    }
}
