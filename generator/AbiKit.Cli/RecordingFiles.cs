using AbiKit.Frontend;

namespace AbiKit.Cli;

/// <summary>Passes reads through and keeps each text, so the spec's text is at hand after loading (git is asked once).</summary>
internal sealed class RecordingFiles(ISpecFileSystem inner) : ISpecFileSystem, ISpecLinkCheck
{
    /// <inheritdoc />
    public string? FindSymbolicLink(string directory, string relativePath) =>
        (inner as ISpecLinkCheck)?.FindSymbolicLink(directory, relativePath);

    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool TryReadText(string path, out string text, out string error)
    {
        if (!inner.TryReadText(path, out text, out error)) return false;
        Texts[path] = text;
        return true;
    }
}
