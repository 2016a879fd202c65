using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AbiKit.Model;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace AbiKit.TestSupport;

/// <summary>
/// A native tool (gcc, g++, pahole, a compiled probe) failed, timed out or is missing.
/// Derives from <see cref="XunitException"/> so xunit reports it as a plain test failure.
/// </summary>
public sealed class NativeToolchainException : XunitException
{
    /// <summary>Creates the exception with a complete, human-readable message.</summary>
    /// <param name="message">The message, including any compiler output.</param>
    public NativeToolchainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">The message, including any compiler output.</param>
    /// <param name="innerException">The underlying cause.</param>
    public NativeToolchainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Locates and drives the host's native tools (gcc, g++, pahole) for tests that check
/// generated C against the C compiler. Tests that need them call <see cref="Require"/>
/// first: a missing tool is a failure naming the Debian packages to install, never a skip.
/// </summary>
public static class NativeToolchain
{
    /// <summary>Set to <c>1</c>/<c>true</c> to keep every temporary directory, not only those of failures.</summary>
    public const string KeepTempEnvironmentVariable = "ABIKIT_KEEP_TEMP";

    /// <summary>The libdrm header the DRM comparisons include (Debian package libdrm-dev).</summary>
    public const string LibDrmHeader = "/usr/include/libdrm/drm.h";

    /// <summary>The include directory holding libdrm's copy of the DRM uapi headers.</summary>
    public const string LibDrmIncludeDirectory = "/usr/include/libdrm";

    private static readonly Lazy<IReadOnlyList<MissingRequirement>> Missing = new(ProbeRequirements);

    private static readonly Regex SourceLineReference = new(@"(?:^|/)source\.(?:c|cpp):(\d+):\d+: (?:fatal error|error|warning):", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Timeout used when none is given: 120 seconds (compiles on a loaded 2-core CI box).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(120);

    /// <summary>Absolute path of <c>gcc</c>.</summary>
    /// <exception cref="NativeToolchainException">gcc is not on PATH.</exception>
    public static string Gcc => Resolve("gcc", "gcc");

    /// <summary>Absolute path of <c>g++</c>.</summary>
    /// <exception cref="NativeToolchainException">g++ is not on PATH.</exception>
    public static string Gxx => Resolve("g++", "g++");

    /// <summary>Absolute path of <c>pahole</c>.</summary>
    /// <exception cref="NativeToolchainException">pahole is not on PATH.</exception>
    public static string Pahole => Resolve("pahole", "pahole");

    /// <summary>Absolute path of libabigail's <c>abidiff</c> (Debian abigail-tools).</summary>
    /// <exception cref="NativeToolchainException">abidiff is not on PATH.</exception>
    public static string Abidiff => Resolve("abidiff", "abigail-tools");

    /// <summary>Searches <c>PATH</c> for an executable.</summary>
    /// <param name="program">A bare program name such as <c>gcc</c>; a path is returned as-is if the file exists.</param>
    /// <returns>The full path, or null when not found.</returns>
    public static string? FindOnPath(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The Debian packages whose absence the host shows (gcc, g++ and the cross compilers of every ABI,
    /// libdrm-dev, pahole), each with what was found missing. Probed once per process.
    /// </summary>
    /// <returns>An empty list when everything is present.</returns>
    public static IReadOnlyList<string> MissingDebianPackages() => PackagesOf(Missing.Value);

    /// <summary>
    /// Fails unless gcc, g++, the C and C++ cross compilers of every ABI, pahole and <see cref="LibDrmHeader"/>
    /// are all present. The message lists every problem, the Debian packages and the
    /// apt-get command to fix it. Probed once per process; cheap afterwards.
    /// </summary>
    /// <exception cref="NativeToolchainException">Something is missing.</exception>
    public static void Require()
    {
        var missing = Missing.Value;
        if (missing.Count == 0)
        {
            return;
        }

        var packages = PackagesOf(missing);
        var sb = new StringBuilder();
        sb.AppendLine("The AbiKit native tests need a host C toolchain that is not fully installed:");
        foreach (var m in missing)
        {
            sb.Append("  - ").Append(m.What);
            if (m.Package is not null)
            {
                sb.Append(" (Debian package ").Append(m.Package).Append(')');
            }

            sb.AppendLine();
        }

        if (packages.Count > 0)
        {
            sb.Append("Missing Debian packages: ").AppendLine(string.Join(' ', packages));
            sb.Append("Install them with: sudo apt-get update && sudo apt-get install -y ").AppendLine(string.Join(' ', packages));
            sb.Append("or run scripts/ensure-native-deps.sh (as root it installs them itself).");
        }
        throw new NativeToolchainException(sb.ToString());
    }

    /// <summary>
    /// Runs a program to completion, capturing stdout, stderr and the exit code. The child's stdin
    /// is <paramref name="standardInput"/> (or empty), LC_ALL is C so tool messages are stable.
    /// A non-zero exit code is returned, not thrown; see <see cref="ProcessResult.EnsureSuccess"/>.
    /// </summary>
    /// <param name="fileName">Program name (searched on PATH) or path.</param>
    /// <param name="arguments">Arguments, passed verbatim (no shell).</param>
    /// <param name="standardInput">Text written to the child's stdin, which is then closed.</param>
    /// <param name="timeout">Kill the process tree after this long; default <see cref="DefaultTimeout"/>.</param>
    /// <param name="workingDirectory">Working directory; default the current one.</param>
    /// <returns>The captured result.</returns>
    /// <exception cref="NativeToolchainException">The program cannot be started or timed out.</exception>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var args = arguments.ToList();
        var limit = timeout ?? DefaultTimeout;
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANG"] = "C";

        var clock = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new NativeToolchainException($"Could not start {FormatCommandLine(fileName, args)}");
        }
        catch (Win32Exception ex)
        {
            throw new NativeToolchainException(
                $"Could not start {FormatCommandLine(fileName, args)}: {ex.Message}. "
                + "If it is a missing tool, see NativeToolchain.Require() / scripts/ensure-native-deps.sh.",
                ex);
        }

        using (process)
        {
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderrTask = process.StandardError.ReadToEndAsync();
            try
            {
                if (standardInput is not null)
                {
                    process.StandardInput.Write(standardInput);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited (or closed stdin) without reading all input; its exit code tells the story.
            }

            if (!process.WaitForExit(limit))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Exited between the timeout and the kill.
                }

                process.WaitForExit();
                var partialOut = TryGet(stdoutTask);
                var partialErr = TryGet(stderrTask);
                var timedOut = new ProcessResult(fileName, args, -1, partialOut, partialErr, clock.Elapsed);
                throw new NativeToolchainException(timedOut.Describe(
                    $"Timed out after {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was killed"));
            }

            process.WaitForExit(); // drains the redirected streams
            var stdout = stdoutTask.GetAwaiter().GetResult();
            var stderr = stderrTask.GetAwaiter().GetResult();
            return new ProcessResult(fileName, args, process.ExitCode, stdout, stderr, clock.Elapsed);
        }
    }

    /// <summary>
    /// Creates a fresh directory under <c>$TMPDIR/abikit-tests/</c>. Callers delete it with
    /// <see cref="DeleteTempDirectory"/> on success and leave it for inspection on failure.
    /// </summary>
    /// <param name="purpose">A short label that starts the directory name.</param>
    /// <returns>The absolute path of the new, empty directory.</returns>
    public static string CreateTempDirectory(string purpose)
    {
        var safe = Regex.Replace(purpose, "[^A-Za-z0-9_.-]", "_");
        if (safe.Length > 40)
        {
            safe = safe[..40];
        }

        var dir = Path.Combine(Path.GetTempPath(), "abikit-tests", $"{safe}-{Guid.NewGuid():N}"[..(safe.Length + 13)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deletes a directory made by <see cref="CreateTempDirectory"/> unless ABIKIT_KEEP_TEMP is set. Never throws.</summary>
    /// <param name="directory">The directory to remove.</param>
    public static void DeleteTempDirectory(string directory)
    {
        if (IsTruthy(Environment.GetEnvironmentVariable(KeepTempEnvironmentVariable)))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Compiles C source text with gcc. The source is written to <c>source.c</c> in a fresh temp
    /// directory, deleted on success and kept on failure (its path is in the exception message).
    /// </summary>
    /// <param name="source">The C source text (not a path; see the other overload for files).</param>
    /// <param name="outputPath">The <c>-o</c> output (object with <c>-c</c> in flags, else an executable).</param>
    /// <param name="flags">Extra gcc flags, e.g. <c>-c</c>, <c>-g</c>, <c>-I/usr/include/libdrm</c>, <c>-std=c90</c>.</param>
    /// <returns>The compiler run (stderr may hold warnings).</returns>
    /// <exception cref="NativeToolchainException">gcc failed; message has its stderr and the kept source path.</exception>
    public static ProcessResult CompileC(string source, string outputPath, params string[] flags) =>
        CompileText(Gcc, "source.c", source, outputPath, flags);

    /// <summary>Compiles existing C files with gcc into <paramref name="outputPath"/>.</summary>
    /// <param name="sourceFiles">Paths of the .c files.</param>
    /// <param name="outputPath">The <c>-o</c> output.</param>
    /// <param name="flags">Extra gcc flags.</param>
    /// <returns>The compiler run (stderr may hold warnings).</returns>
    /// <exception cref="NativeToolchainException">gcc failed; message has its stderr and the source paths.</exception>
    public static ProcessResult CompileC(IEnumerable<string> sourceFiles, string outputPath, params string[] flags) =>
        CompileFiles(Gcc, sourceFiles, outputPath, flags);

    /// <summary>Compiles C++ source text with g++; same temp-directory behaviour as <see cref="CompileC(string, string, string[])"/> (file <c>source.cpp</c>).</summary>
    /// <param name="source">The C++ source text.</param>
    /// <param name="outputPath">The <c>-o</c> output.</param>
    /// <param name="flags">Extra g++ flags.</param>
    /// <returns>The compiler run (stderr may hold warnings).</returns>
    /// <exception cref="NativeToolchainException">g++ failed; message has its stderr and the kept source path.</exception>
    public static ProcessResult CompileCxx(string source, string outputPath, params string[] flags) =>
        CompileText(Gxx, "source.cpp", source, outputPath, flags);

    /// <summary>Compiles existing C++ files with g++ into <paramref name="outputPath"/>.</summary>
    /// <param name="sourceFiles">Paths of the C++ files.</param>
    /// <param name="outputPath">The <c>-o</c> output.</param>
    /// <param name="flags">Extra g++ flags.</param>
    /// <returns>The compiler run (stderr may hold warnings).</returns>
    /// <exception cref="NativeToolchainException">g++ failed; message has its stderr and the source paths.</exception>
    public static ProcessResult CompileCxx(IEnumerable<string> sourceFiles, string outputPath, params string[] flags) =>
        CompileFiles(Gxx, sourceFiles, outputPath, flags);

    /// <summary>Compiles C source text with the C compiler of <paramref name="arch"/> (<see cref="CrossToolchain"/>);
    /// same temp-directory behaviour as <see cref="CompileC(string, string, string[])"/>. Pass <c>-c</c> or
    /// <c>-fsyntax-only</c>: what is built for another ABI is never run.</summary>
    /// <param name="arch">The ABI to compile for.</param>
    /// <param name="source">The C source text.</param>
    /// <param name="outputPath">The <c>-o</c> output.</param>
    /// <param name="flags">Extra compiler flags.</param>
    /// <returns>The compiler run.</returns>
    /// <exception cref="NativeToolchainException">The compiler failed or is not installed.</exception>
    public static ProcessResult CompileC(Arch arch, string source, string outputPath, params string[] flags) =>
        CompileText(CrossToolchain.Gcc(arch), "source.c", source, outputPath, flags);

    /// <summary>Compiles C++ source text with the C++ compiler of <paramref name="arch"/>; see <see cref="CompileC(Arch, string, string, string[])"/>.</summary>
    /// <param name="arch">The ABI to compile for.</param>
    /// <param name="source">The C++ source text.</param>
    /// <param name="outputPath">The <c>-o</c> output.</param>
    /// <param name="flags">Extra compiler flags.</param>
    /// <returns>The compiler run.</returns>
    /// <exception cref="NativeToolchainException">The compiler failed or is not installed.</exception>
    public static ProcessResult CompileCxx(Arch arch, string source, string outputPath, params string[] flags) =>
        CompileText(CrossToolchain.Gxx(arch), "source.cpp", source, outputPath, flags);

    /// <summary>Formats a command line for a POSIX shell, quoting arguments that need it.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    public static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(ShellQuote));

    /// <summary>Quotes one word for a POSIX shell (single quotes) when it holds anything unusual.</summary>
    /// <param name="word">The word.</param>
    public static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=+:,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    internal static bool IsTruthy(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static ProcessResult CompileText(string compiler, string fileName, string source, string outputPath, string[] flags)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var dir = CreateTempDirectory("compile");
        var sourcePath = Path.Combine(dir, fileName);
        File.WriteAllText(sourcePath, source);
        var result = Run(compiler, [.. flags, sourcePath, "-o", Path.GetFullPath(outputPath)], workingDirectory: dir);
        if (!result.Succeeded)
        {
            throw new NativeToolchainException(CompileFailureMessage(result, [sourcePath], source, kept: dir));
        }

        DeleteTempDirectory(dir);
        return result;
    }

    private static ProcessResult CompileFiles(string compiler, IEnumerable<string> sourceFiles, string outputPath, string[] flags)
    {
        var files = sourceFiles.Select(Path.GetFullPath).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException("At least one source file is required.", nameof(sourceFiles));
        }

        var result = Run(compiler, [.. flags, .. files, "-o", Path.GetFullPath(outputPath)]);
        if (!result.Succeeded)
        {
            throw new NativeToolchainException(CompileFailureMessage(result, files, source: null, kept: null));
        }

        return result;
    }

    private static string CompileFailureMessage(ProcessResult result, IReadOnlyList<string> files, string? source, string? kept)
    {
        var heading = new StringBuilder();
        heading.Append(Path.GetFileName(result.FileName)).Append(" failed (exit ").Append(result.ExitCode).Append(") compiling ")
            .Append(string.Join(", ", files));
        if (kept is not null)
        {
            heading.Append(" (kept for inspection in ").Append(kept).Append(')');
        }

        var text = result.Describe(heading.ToString());
        if (source is null)
        {
            return text;
        }

        // Quote the source lines the diagnostics point at, so CI logs are useful without the temp dir.
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var wanted = SourceLineReference.Matches(result.StandardError)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Where(n => n >= 1 && n <= lines.Length)
            .Distinct()
            .Take(8)
            .ToList();
        if (wanted.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text).AppendLine().AppendLine("  source lines referenced:");
        foreach (var n in wanted)
        {
            sb.Append("    ").Append(n.ToString(CultureInfo.InvariantCulture).PadLeft(5)).Append(" | ").AppendLine(lines[n - 1]);
        }

        return sb.ToString().TrimEnd();
    }

    internal static string Resolve(string program, string package) =>
        FindOnPath(program) ?? throw new NativeToolchainException(
            $"'{program}' is not on PATH. Install the Debian package {package} "
            + $"(sudo apt-get install -y {package}) or run scripts/ensure-native-deps.sh.");

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        try
        {
            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string TryGet(Task<string> task) =>
        task.Wait(TimeSpan.FromSeconds(2)) ? task.Result : "(not captured)";

    // Only looks for the tools: nothing is compiled, and nothing built for a target is ever run.
    private static List<MissingRequirement> ProbeRequirements()
    {
        var missing = new List<MissingRequirement>();
        foreach (var arch in Arches.All)
        {
            if (FindOnPath(CrossToolchain.GccName(arch)) is null)
            {
                missing.Add(new($"{CrossToolchain.GccName(arch)} (C compiler for {arch.Name()}) is not on PATH", CrossToolchain.GccPackage(arch)));
            }

            if (FindOnPath(CrossToolchain.GxxName(arch)) is null)
            {
                missing.Add(new($"{CrossToolchain.GxxName(arch)} (C++ compiler for {arch.Name()}) is not on PATH", CrossToolchain.GxxPackage(arch)));
            }
        }

        if (!File.Exists(LibDrmHeader))
        {
            missing.Add(new($"{LibDrmHeader} does not exist", "libdrm-dev"));
        }

        if (FindOnPath("pahole") is null)
        {
            missing.Add(new("pahole is not on PATH", "pahole"));
        }

        return missing;
    }

    private static List<string> PackagesOf(IEnumerable<MissingRequirement> missing) =>
        missing.Select(m => m.Package).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    private sealed record MissingRequirement(string What, string? Package);
}
