using System.Text;
using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Frontend;
using AbiKit.TestSupport;
using SharpFuzz;

namespace AbiKit.Fuzz;

/// <summary>
/// The AFL++ target: each input is a spec's bytes, read as UTF-8 (invalid sequences become U+FFFD, as a file would),
/// loaded next to the shipped specs, emitted as C and C#, and checked by <see cref="HostileSpecOracle"/>. An exception
/// (a front-end crash or an oracle violation) escapes, and AFL records the input as a crash.
/// </summary>
public static class Program
{
    // The input lives beside the shipped specs, so its imports ("drm-core.abi.json") resolve among them.
    private const string SpecDirectory = "/abi-spec";
    private static readonly string InputPath = Path.Combine(SpecDirectory, "fuzz.abi.json");

    /// <summary>Runs the AFL++ loop; with a file argument, runs that one input once (to reproduce a crash); with a
    /// directory (a corpus), runs every file in it and counts the accepted ones and the violations.</summary>
    public static int Main(string[] args)
    {
        var shipped = ShippedSpecs();
        if (args.Length == 1 && Directory.Exists(args[0])) return RunCorpus(shipped, args[0]);
        if (args.Length == 1)
        {
            var result = Run(shipped, File.ReadAllBytes(args[0]));
            Console.WriteLine($"{args[0]}: holds every invariant; {(result.Model is null ? "rejected" : "accepted")} with {result.Diagnostics.Count} diagnostic(s)");
            foreach (var d in result.Diagnostics.Take(5)) Console.WriteLine($"  {d}");
            return 0;
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            _ = Run(shipped, buffer.ToArray());
        });
        return 0;
    }

    // Replays a corpus (AFL's queue or crashes) without AFL: how much of it reaches the emitters, and what breaks.
    private static int RunCorpus(IReadOnlyDictionary<string, string> shipped, string directory)
    {
        int inputs = 0, accepted = 0, violations = 0;
        foreach (string file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            inputs++;
            try
            {
                if (Run(shipped, File.ReadAllBytes(file)).Model is not null) accepted++;
            }
            catch (Exception ex)
            {
                violations++;
                Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Console.WriteLine($"{directory}: {inputs} inputs, {accepted} accepted, {violations} violating an invariant");
        return violations == 0 ? 0 : 1;
    }

    private static SpecLoadResult Run(IReadOnlyDictionary<string, string> shipped, byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        var files = new InMemorySpecFiles(shipped, InputPath, text);
        var result = new SpecLoader(files).LoadText(InputPath, text);
        // The oracle runs every emitter; the C header is also emitted for each import, as `abikit generate` does.
        HostileSpecOracle.Check(result, files, "fuzz input");
        if (result.Model is null) return result;
        foreach (var import in result.Imports) _ = new CHeaderEmitter(TemplateSet.Embedded).Emit(import).Single();
        return result;
    }

    private static Dictionary<string, string> ShippedSpecs()
    {
        var assembly = typeof(Program).Assembly;
        var specs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("abi-spec/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            specs[Path.GetFullPath(Path.Combine(SpecDirectory, name["abi-spec/".Length..]))] = reader.ReadToEnd();
        }
        if (specs.Count == 0) throw new InvalidOperationException("no shipped specs embedded");
        return specs;
    }
}
