using System.Text;

namespace AbiKit.TestSupport;

/// <summary>The outcome of one finished child process.</summary>
/// <param name="FileName">The program that was run.</param>
/// <param name="Arguments">The arguments, unquoted, as passed to the program.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="Elapsed">Wall-clock run time.</param>
public sealed record ProcessResult(
    string FileName,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Elapsed)
{
    /// <summary>True when <see cref="ExitCode"/> is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command line, quoted for a POSIX shell, for messages and copy-paste.</summary>
    public string CommandLine => NativeToolchain.FormatCommandLine(FileName, Arguments);

    /// <summary>Throws <see cref="NativeToolchainException"/> (with stdout and stderr) unless the process exited with 0.</summary>
    /// <returns>This result, for chaining.</returns>
    public ProcessResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new NativeToolchainException(Describe($"Command failed with exit code {ExitCode}"));
        }

        return this;
    }

    /// <summary>A multi-line description: a heading, the command line, stdout and stderr.</summary>
    /// <param name="heading">First line of the description.</param>
    public string Describe(string heading)
    {
        var sb = new StringBuilder();
        sb.AppendLine(heading);
        sb.Append("  command: ").AppendLine(CommandLine);
        sb.Append("  exit code: ").AppendLine(ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendBlock(sb, "stdout", StandardOutput);
        AppendBlock(sb, "stderr", StandardError);
        return sb.ToString().TrimEnd();
    }

    private static void AppendBlock(StringBuilder sb, string label, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            sb.Append("  ").Append(label).AppendLine(": (empty)");
            return;
        }

        sb.Append("  ").Append(label).AppendLine(":");
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            sb.Append("    ").AppendLine(line);
        }
    }
}
