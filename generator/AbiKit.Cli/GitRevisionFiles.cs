using System.Diagnostics;
using System.Text;
using AbiKit.Frontend;

namespace AbiKit.Cli;

/// <summary>
/// Reads specs as they were at a git revision (<c>git show REV:./PATH</c>, run in the file's directory so PATH may be
/// relative to the current directory), into memory. Imports go through the same revision because the loader reads
/// them through this file system too.
/// </summary>
internal sealed class GitRevisionFiles(string revision) : ISpecFileSystem
{
    /// <summary>Splits <c>REV:PATH</c>; false for anything else (a path that exists is always a path).</summary>
    public static bool TryParse(string argument, out string revision, out string path)
    {
        int colon = argument.IndexOf(':');
        if (colon > 0 && colon < argument.Length - 1 && !File.Exists(argument))
        {
            revision = argument[..colon];
            path = argument[(colon + 1)..];
            return true;
        }
        revision = path = "";
        return false;
    }

    /// <inheritdoc />
    public bool TryReadText(string path, out string text, out string error)
    {
        string directory = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        if (!Directory.Exists(directory))
        {
            // git resolves ./PATH against its working directory, which must exist today.
            text = "";
            error = $"directory '{directory}' does not exist in the working tree (needed to resolve the path at {revision})";
            return false;
        }
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "show", $"{revision}:./{Path.GetFileName(path)}" }) start.ArgumentList.Add(a);
        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            text = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            error = stderr.Result.Trim();
            if (git.ExitCode == 0) return true;
            text = "";
            if (error.Length == 0) error = $"git show exited with {git.ExitCode}";
            return false;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            text = "";
            error = "cannot run git: " + ex.Message;
            return false;
        }
    }
}
