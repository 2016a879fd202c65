using AbiKit.Cli;
using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>
/// The C test programs in CPrograms/, compiled once per test run with gcc against the header `abikit generate`
/// writes for abi-spec/abikit-alloc.abi.json (and libdrm for the -ldrm one). Binaries live in a temp directory.
/// </summary>
public sealed class CPrograms : IDisposable
{
    private readonly string _dir;
    private readonly Dictionary<string, string> _built = new();
    private readonly object _gate = new();

    public CPrograms()
    {
        _dir = NativeToolchain.CreateTempDirectory("node-c");
        HeaderDirectory = Path.Combine(_dir, "include");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = AbiKitCommand.Run(["generate", Repo.Spec("drm-core"), Repo.Spec("abikit-alloc"), "--lang", "c", "-o", HeaderDirectory], stdout, stderr);
        if (code != 0) throw new InvalidOperationException($"abikit generate failed ({code}): {stderr}");
        HeaderDirectory = Path.Combine(HeaderDirectory, "c");
    }

    /// <summary>Where the generated abikit_alloc.h and drm_core.h are.</summary>
    public string HeaderDirectory { get; }

    public static string SourceDirectory => Repo.PathOf("tests", "AbiKit.DeviceNode.Tests", "CPrograms");

    /// <summary>Builds (once) and returns the path of program <paramref name="name"/> (CPrograms/name.c).</summary>
    public string Build(string name, params string[] extraFlags)
    {
        lock (_gate)
        {
            if (_built.TryGetValue(name, out var existing)) return existing;
            string output = Path.Combine(_dir, name);
            string[] flags = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O1", "-pthread", "-I", HeaderDirectory, .. extraFlags];
            NativeToolchain.Run(NativeToolchain.Gcc, [.. flags, Path.Combine(SourceDirectory, name + ".c"), "-o", output, .. LinkFlags(extraFlags)])
                .EnsureSuccess();
            _built[name] = output;
            return output;
        }
    }

    private static IEnumerable<string> LinkFlags(string[] extraFlags) => extraFlags.Contains("-DUSE_LIBDRM") ? ["-ldrm"] : [];

    /// <summary>Runs a built program against <paramref name="node"/> with a timeout; fails with its output unless it exits 0.</summary>
    public static ProcessResult Run(string program, string node, TimeSpan? timeout = null)
        => NativeToolchain.Run(program, [node], timeout: timeout ?? TimeSpan.FromSeconds(120)).EnsureSuccess();

    public void Dispose() => NativeToolchain.DeleteTempDirectory(_dir);
}
