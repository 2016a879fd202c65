using System.Text.RegularExpressions;

namespace AbiKit.Frontend
{
    /// <summary>
    /// The limits that keep a hostile spec's cost bounded (a spec runs inside every consumer's compiler): file size,
    /// import paths, depth and count. Each refusal is a located diagnostic. Documented in docs/spec-format.md §12.
    /// </summary>
    public static class SpecLimits
    {
        /// <summary>The largest spec file, in bytes on disk and characters in memory (the largest shipped spec is 33 KB).</summary>
        public const int MaxSpecChars = 4 * 1024 * 1024;

        /// <summary>How deep imports may chain (a spec importing one importing one …).</summary>
        public const int MaxImportDepth = 16;

        /// <summary>How many spec files one load may read in all, imports included.</summary>
        public const int MaxSpecFiles = 256;

        /// <summary>The longest import path.</summary>
        public const int MaxImportPathLength = 255;

        // A relative path of plain segments ending in .abi.json: no absolute path, no "..", no backslash, no drive or
        // device name, so an import resolves inside the importing spec's own directory tree and names a spec file.
        private static readonly Regex ImportPath = new(
            @"^((\.|[A-Za-z0-9_][A-Za-z0-9_.-]*)/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.abi\.json\z", RegexOptions.CultureInvariant);

        /// <summary>Why the import <paramref name="path"/> is refused, or null when it may be read.</summary>
        /// <param name="path">The import as written.</param>
        /// <param name="depth">How many specs are being loaded around it (the importing chain).</param>
        /// <param name="loaded">How many spec files this load has read so far.</param>
        public static string? CheckImport(string path, int depth, int loaded)
        {
            if (path.Length > MaxImportPathLength || !ImportPath.IsMatch(path))
                return $"import '{Syntax.ObjectReader.Printable(path)}' must be a relative path inside this spec's directory ending in .abi.json " +
                       "(segments of letters, digits, '_', '-', '.', separated by '/'; no absolute path, '..' or '\\')";
            if (depth >= MaxImportDepth)
                return $"imports chain more than {MaxImportDepth} specs deep; flatten them";
            if (loaded >= MaxSpecFiles)
                return $"more than {MaxSpecFiles} spec files are imported in all";
            return null;
        }
    }
}
