using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace AbiKit.TestSupport;

/// <summary>A snapshot did not match its verified file (or it has none yet).</summary>
public sealed class SnapshotMismatchException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: paths, diff and how to accept.</param>
    /// <param name="verifiedPath">The verified file compared against.</param>
    /// <param name="receivedPath">The received file written with the actual text.</param>
    public SnapshotMismatchException(string message, string verifiedPath, string receivedPath)
        : base(message)
    {
        VerifiedPath = verifiedPath;
        ReceivedPath = receivedPath;
    }

    /// <summary>The <c>*.verified.*</c> file.</summary>
    public string VerifiedPath { get; }

    /// <summary>The <c>*.received.*</c> file holding the actual text.</summary>
    public string ReceivedPath { get; }
}

/// <summary>
/// Snapshot testing with Verify's file convention (<c>name.verified.ext</c> checked in,
/// <c>name.received.ext</c> written on mismatch and git-ignored), without the Verify package.
/// Text is compared after normalising line endings to \n. Set <c>ABIKIT_ACCEPT=1</c> (or
/// <c>true</c>) to make mismatches overwrite the verified files and pass.
/// </summary>
public static class Snapshot
{
    /// <summary>The environment variable that turns mismatches into accepted updates.</summary>
    public const string AcceptEnvironmentVariable = "ABIKIT_ACCEPT";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>True when <c>ABIKIT_ACCEPT</c> is <c>1</c> or <c>true</c> (read on every call).</summary>
    public static bool AcceptEnabled => NativeToolchain.IsTruthy(Environment.GetEnvironmentVariable(AcceptEnvironmentVariable));

    /// <summary>
    /// Compares <paramref name="actual"/> with <c>&lt;directory&gt;/&lt;name&gt;.verified.&lt;extension&gt;</c>.
    /// On a match, deletes a stale received file. On a mismatch or a missing verified file, writes
    /// <c>&lt;name&gt;.received.&lt;extension&gt;</c> and throws <see cref="SnapshotMismatchException"/> with a line
    /// diff and the command to accept — unless <see cref="AcceptEnabled"/>, in which case the
    /// verified file is (over)written and the call passes.
    /// </summary>
    /// <param name="actual">The text produced by the code under test.</param>
    /// <param name="directory">Where the verified file lives; usually <see cref="DirectoryOf"/> or a folder below it.</param>
    /// <param name="name">The snapshot name (a file name without extension; no directory separators).</param>
    /// <param name="extension">The file extension without the dot, e.g. <c>h</c>, <c>cs</c>, <c>txt</c>.</param>
    /// <exception cref="SnapshotMismatchException">The text differs or was never verified.</exception>
    public static void Verify(string actual, string directory, string name, string extension)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(extension);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"Snapshot name '{name}' must be a plain file name; put folders in the directory argument.", nameof(name));
        }

        extension = extension.TrimStart('.');
        var suffix = extension.Length == 0 ? string.Empty : "." + extension;
        var verifiedPath = Path.GetFullPath(Path.Combine(directory, name + ".verified" + suffix));
        var receivedPath = Path.GetFullPath(Path.Combine(directory, name + ".received" + suffix));

        var normalised = NormaliseLineEndings(actual);
        string? verified = File.Exists(verifiedPath) ? NormaliseLineEndings(File.ReadAllText(verifiedPath, Encoding.UTF8)) : null;

        if (verified is not null && string.Equals(verified, normalised, StringComparison.Ordinal))
        {
            TryDelete(receivedPath);
            return;
        }

        if (AcceptEnabled)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, normalised, Utf8NoBom);
            TryDelete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, normalised, Utf8NoBom);
        throw new SnapshotMismatchException(BuildMessage(name + suffix, verified, normalised, verifiedPath, receivedPath), verifiedPath, receivedPath);
    }

    /// <summary>
    /// The source directory of the calling file, from <see cref="CallerFilePathAttribute"/> — so
    /// verified files sit next to the test source rather than in <c>bin/</c>. Handles path-mapped
    /// (<c>/_/…</c>, deterministic CI) builds by resolving the path against the directories above
    /// <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    /// <param name="callerFilePath">Filled in by the compiler; do not pass.</param>
    /// <returns>The absolute directory of the calling source file.</returns>
    /// <exception cref="InvalidOperationException">The directory cannot be found on this machine.</exception>
    public static string DirectoryOf([CallerFilePath] string callerFilePath = "")
    {
        if (string.IsNullOrEmpty(callerFilePath))
        {
            throw new InvalidOperationException("No caller file path; call Snapshot.DirectoryOf() without arguments from the test source.");
        }

        var dir = Path.GetDirectoryName(callerFilePath.Replace('\\', '/'));
        if (dir is not null && Path.IsPathRooted(dir) && Directory.Exists(dir))
        {
            return dir;
        }

        // Path-mapped build: try ever-shorter tails of the path below each ancestor of the output folder.
        var parts = (dir ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var skip = 0; skip < parts.Length; skip++)
        {
            var tail = Path.Combine(parts[skip..]);
            for (var ancestor = new DirectoryInfo(AppContext.BaseDirectory); ancestor is not null; ancestor = ancestor.Parent)
            {
                var candidate = Path.Combine(ancestor.FullName, tail);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"Cannot find the source directory of '{callerFilePath}' from '{AppContext.BaseDirectory}'.");
    }

    /// <summary>
    /// The directory of the test project's <c>.csproj</c>, found by walking up from
    /// <see cref="AppContext.BaseDirectory"/> to a directory holding <c>&lt;assembly name&gt;.csproj</c>.
    /// </summary>
    /// <param name="assembly">The test assembly; default the calling assembly.</param>
    /// <returns>The absolute project directory.</returns>
    /// <exception cref="InvalidOperationException">No such project file above the output directory.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string ProjectDirectory(Assembly? assembly = null)
    {
        var name = (assembly ?? Assembly.GetCallingAssembly()).GetName().Name
            ?? throw new InvalidOperationException("The assembly has no name.");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, name + ".csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {name}.csproj in '{AppContext.BaseDirectory}' or any directory above it.");
    }

    /// <summary>Converts \r\n and lone \r to \n.</summary>
    /// <param name="text">Any text.</param>
    public static string NormaliseLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string BuildMessage(string displayName, string? verified, string received, string verifiedPath, string receivedPath)
    {
        var sb = new StringBuilder();
        if (verified is null)
        {
            sb.Append("Snapshot '").Append(displayName).AppendLine("' has no verified file yet.");
        }
        else
        {
            sb.Append("Snapshot '").Append(displayName).AppendLine("' does not match its verified file.");
        }

        sb.Append("  verified: ").AppendLine(verifiedPath);
        sb.Append("  received: ").AppendLine(receivedPath);
        var diff = LineDiff.Render(verified ?? string.Empty, received);
        if (diff.Length == 0)
        {
            sb.AppendLine(verified is null
                ? "(the received text is empty)"
                : "(no line differs: only the final newline differs)");
        }
        else
        {
            sb.AppendLine("Diff (- verified, + received; numbers are line numbers in each file):");
            sb.AppendLine(diff);
        }

        sb.AppendLine("To accept the received text:");
        sb.Append("  mv ").Append(NativeToolchain.ShellQuote(receivedPath)).Append(' ').AppendLine(NativeToolchain.ShellQuote(verifiedPath));
        var project = FindProjectAbove(Path.GetDirectoryName(verifiedPath)!);
        sb.Append("or rerun with ").Append(AcceptEnvironmentVariable).Append("=1, e.g. ")
            .Append(AcceptEnvironmentVariable).Append("=1 dotnet test");
        if (project is not null)
        {
            sb.Append(' ').Append(NativeToolchain.ShellQuote(project));
        }

        return sb.ToString().TrimEnd();
    }

    private static string? FindProjectAbove(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists)
            {
                continue;
            }

            var project = dir.EnumerateFiles("*.csproj").FirstOrDefault();
            if (project is not null)
            {
                return project.FullName;
            }
        }

        return null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
