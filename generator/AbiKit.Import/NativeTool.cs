using System.Diagnostics;

namespace AbiKit.Import;

/// <summary>A native tool (castxml, gcc) failed or is missing; the message says which and why.</summary>
public sealed class NativeToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NativeToolException(string message) : base(message) { }
}

/// <summary>Runs the C tools the importer reads C with. Only compilers and castxml run: never code built from a header.</summary>
internal static class NativeTool
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // The compiler's messages must not depend on the user's locale: they are parsed.
        info.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new NativeToolException($"cannot start {program}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new NativeToolException($"cannot run {program}: {ex.Message} (Debian: apt-get install {(program.Contains("castxml", StringComparison.Ordinal) ? "castxml" : "gcc")})");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
    }
}
