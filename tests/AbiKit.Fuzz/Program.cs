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

    /// <summary>Runs the AFL++ loop; with a file argument, runs that one input once (to reproduce a crash).</summary>
    public static void Main(string[] args)
    {
        var shipped = ShippedSpecs();
        if (args.Length == 1)
        {
            var result = Run(shipped, File.ReadAllBytes(args[0]));
            Console.WriteLine($"{args[0]}: holds every invariant; {(result.Model is null ? "rejected" : "accepted")} with {result.Diagnostics.Count} diagnostic(s)");
            foreach (var d in result.Diagnostics.Take(5)) Console.WriteLine($"  {d}");
            return;
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            _ = Run(shipped, buffer.ToArray());
        });
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
