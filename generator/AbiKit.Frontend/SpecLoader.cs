using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Resolution;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend
{
    /// <summary>Where spec text comes from: the disk for the CLI, AdditionalFiles for the source generator.</summary>
    public interface ISpecFileSystem
    {
        /// <summary>Reads the text of <paramref name="path"/>; false with a reason when it cannot.</summary>
        bool TryReadText(string path, out string text, out string error);
    }

    /// <summary>A file system that can tell whether an import's path crosses a symbolic link. Imports resolve inside the
    /// importing spec's own tree; a link in that tree could lead anywhere (a spec tree from a pull request could make
    /// <c>abikit check</c> read, and quote in its errors, any file the user can read), so an import through one is
    /// refused. The top-level spec's own path may be a link: the user chose it.</summary>
    public interface ISpecLinkCheck
    {
        /// <summary>The first prefix of <paramref name="relativePath"/> (segments separated by '/') that is a symbolic link
        /// below <paramref name="directory"/>; null when none is.</summary>
        string? FindSymbolicLink(string directory, string relativePath);
    }

    /// <summary>Reads specs from the file system: regular files of at most <see cref="SpecLimits.MaxSpecChars"/> bytes.
    /// The size and type are checked before the file is opened, so a device (<c>/dev/zero</c>) is never read and a FIFO
    /// never blocks: both report a size of 0, as an empty file does, and none of them is a spec.</summary>
    public sealed class PhysicalSpecFileSystem : ISpecFileSystem, ISpecLinkCheck
    {
        /// <summary>The shared instance.</summary>
        public static PhysicalSpecFileSystem Instance { get; } = new();

        /// <inheritdoc />
        public string? FindSymbolicLink(string directory, string relativePath)
        {
            string current = directory;
            string prefix = "";
            foreach (var segment in relativePath.Split('/'))
            {
                current = string.IsNullOrEmpty(current) ? segment : Path.Combine(current, segment);
                prefix = prefix.Length == 0 ? segment : prefix + "/" + segment;
                try
                {
                    // .NET reports a symbolic link (lstat) as a reparse point on Linux too.
                    if ((File.GetAttributes(current) & FileAttributes.ReparsePoint) != 0) return prefix;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return null; // missing or unreadable: reading it reports that
                }
            }
            return null;
        }

        /// <inheritdoc />
        public bool TryReadText(string path, out string text, out string error)
        {
            text = "";
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    error = Directory.Exists(path) ? "it is a directory, not a file" : "file not found";
                    return false;
                }
                if (info.Length == 0)
                {
                    error = "it is empty or not a regular file (a device, FIFO or socket); a spec is a JSON file";
                    return false;
                }
                if (info.Length > SpecLimits.MaxSpecChars)
                {
                    error = $"it is {info.Length} bytes; specs are limited to {SpecLimits.MaxSpecChars}";
                    return false;
                }
                // Read no more than the limit even if the file grows meanwhile.
                var buffer = new byte[SpecLimits.MaxSpecChars + 1];
                int length = 0;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan))
                {
                    int read;
                    while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
                }
                if (length > SpecLimits.MaxSpecChars)
                {
                    error = $"it grew beyond the limit of {SpecLimits.MaxSpecChars} bytes while being read";
                    return false;
                }
                using var reader = new StreamReader(new MemoryStream(buffer, 0, length), new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
                text = reader.ReadToEnd();
                error = "";
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
            {
                text = "";
                error = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
                return false;
            }
        }
    }

    /// <summary>The outcome of loading one spec.</summary>
    /// <param name="Path">The spec's path as given.</param>
    /// <param name="Model">The resolved model; null when there were errors.</param>
    /// <param name="Diagnostics">Everything reported, in order (errors of imported specs included).</param>
    /// <param name="Imports">The resolved imports, direct ones first.</param>
    public sealed record SpecLoadResult(string Path, AbiFamily? Model, IReadOnlyList<AbiDiagnostic> Diagnostics, IReadOnlyList<AbiFamily> Imports)
    {
        /// <summary>True when any diagnostic is an error.</summary>
        public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

        /// <summary>The laid-out model also when the only errors are lint errors (so <c>abikit layout</c> can show the holes
        /// it reports); null when a name did not resolve. Never generate from it: use <see cref="Model"/>.</summary>
        public AbiFamily? LaidOut { get; init; }
    }

    /// <summary>
    /// Loads specs: reads, resolves imports (relative to the importing file, each loaded once, cycles
    /// reported), resolves, lays out and lints. Never throws on bad input.
    /// </summary>
    public sealed class SpecLoader
    {
        private readonly ISpecFileSystem _files;
        private readonly Dictionary<string, SpecLoadResult> _cache = new(StringComparer.Ordinal);
        private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

        private readonly Func<string, string?>? _csNamespaceFor;

        /// <summary>Creates a loader over <paramref name="files"/> (the disk by default).</summary>
        /// <param name="files">Where spec text comes from.</param>
        /// <param name="csNamespaceFor">Overrides a spec's C# namespace, by spec path (null: keep the spec's).
        /// Applied while resolving, so every importer's references follow.</param>
        public SpecLoader(ISpecFileSystem? files = null, Func<string, string?>? csNamespaceFor = null)
        {
            _files = files ?? PhysicalSpecFileSystem.Instance;
            _csNamespaceFor = csNamespaceFor;
        }

        /// <summary>Loads the spec at <paramref name="path"/>.</summary>
        public SpecLoadResult Load(string path)
        {
            string key = Normalize(path);
            if (_cache.TryGetValue(key, out var cached)) return cached;
            var sink = new DiagnosticSink(path);
            if (!_files.TryReadText(path, out var text, out var error))
            {
                sink.Report(DiagnosticCatalog.ImportFailed, SourcePosition.Start, $"cannot read the spec: {error}");
                return _cache[key] = new SpecLoadResult(path, null, sink.Items.ToList(), Array.Empty<AbiFamily>());
            }
            return LoadText(path, text);
        }

        /// <summary>Loads a spec whose text is already at hand (imports are still read through the file system).</summary>
        public SpecLoadResult LoadText(string path, string text)
        {
            string key = Normalize(path);
            var sink = new DiagnosticSink(path);
            if (text.Length > SpecLimits.MaxSpecChars)
            {
                sink.Report(DiagnosticCatalog.InvalidJson, SourcePosition.Start, $"the spec is {text.Length} characters long; specs are limited to {SpecLimits.MaxSpecChars}");
                return _cache[key] = new SpecLoadResult(path, null, sink.Items.ToList(), Array.Empty<AbiFamily>());
            }
            _loading.Add(key);
            try
            {
                var syntax = SpecReader.Read(path, text, sink);
                if (syntax is null) return _cache[key] = new SpecLoadResult(path, null, sink.Items.ToList(), Array.Empty<AbiFamily>());

                var imports = new List<AbiFamily>();
                bool importFailed = false;
                foreach (var import in syntax.Imports)
                {
                    if (SpecLimits.CheckImport(import.Value, _loading.Count, _cache.Count) is { } refusal)
                    {
                        sink.Report(DiagnosticCatalog.ImportFailed, import.Position, refusal);
                        importFailed = true;
                        continue;
                    }
                    string importPath = Combine(path, import.Value);
                    string importKey = Normalize(importPath);
                    if (_loading.Contains(importKey))
                    {
                        sink.Report(DiagnosticCatalog.ImportFailed, import.Position, $"import cycle: '{import.Value}' (directly or indirectly) imports this spec");
                        importFailed = true;
                        continue;
                    }
                    if (_files is ISpecLinkCheck links && links.FindSymbolicLink(System.IO.Path.GetDirectoryName(path) ?? "", import.Value) is { } link)
                    {
                        sink.Report(DiagnosticCatalog.ImportFailed, import.Position,
                            $"import '{import.Value}' passes through the symbolic link '{link}'; imports resolve inside the spec's own tree " +
                            "and a link could lead anywhere: put the file itself there");
                        importFailed = true;
                        continue;
                    }
                    if (!_cache.TryGetValue(importKey, out var loaded))
                    {
                        if (!_files.TryReadText(importPath, out var importText, out var readError))
                        {
                            sink.Report(DiagnosticCatalog.ImportFailed, import.Position, $"cannot read imported spec '{import.Value}': {readError}");
                            importFailed = true;
                            continue;
                        }
                        loaded = LoadText(importPath, importText);
                    }
                    var importedModel = loaded.Model;
                    if (importedModel is null && loaded.LaidOut is { } lintFailed)
                    {
                        // The import resolved and only its lint failed (real uapi re-described as it is: holes, native
                        // types): its errors stand, located in its file, and this spec is still resolved and laid out
                        // against it, so that its own findings are reported too. Nothing is generated: there are errors.
                        foreach (var d in loaded.Diagnostics.Where(d => d.Severity == Severity.Error)) sink.Add(d);
                        importedModel = lintFailed;
                    }
                    else if (importedModel is null)
                    {
                        // The import's own errors are located in its file; here we say where it was imported.
                        foreach (var d in loaded.Diagnostics.Where(d => d.Severity == Severity.Error)) sink.Add(d);
                        var first = loaded.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error);
                        sink.Report(DiagnosticCatalog.ImportFailed, import.Position,
                            $"imported spec '{import.Value}' has errors" + (first is null ? "" : $" (first: {first.Id} at line {first.Position.Line})") + "; fix it first");
                        importFailed = true;
                        continue;
                    }
                    if (imports.All(i => i.Family != importedModel.Family)) imports.Add(importedModel);
                    foreach (var transitive in loaded.Imports)
                    {
                        if (imports.All(i => i.Family != transitive.Family)) imports.Add(transitive);
                    }
                }

                // Reader errors do not stop resolution (report everything at once); a failed import
                // would only cascade into unresolved names, so it does.
                if (importFailed) return _cache[key] = new SpecLoadResult(path, null, sink.Items.ToList(), imports);

                if (_csNamespaceFor?.Invoke(path) is { Length: > 0 } ns) syntax.CsNamespace = ns;
                var model = Resolver.Resolve(syntax, imports, FileName(path), sink, out var laidOut);
                return _cache[key] = new SpecLoadResult(path, model, sink.Items.ToList(), imports) { LaidOut = laidOut };
            }
            finally
            {
                _loading.Remove(key);
            }
        }


        private static string Combine(string importer, string relative)
        {
            string? dir = System.IO.Path.GetDirectoryName(importer);
            return string.IsNullOrEmpty(dir) ? relative : System.IO.Path.Combine(dir, relative);
        }

        private static string Normalize(string path)
        {
            try
            {
                return System.IO.Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return path;
            }
        }

        private static string FileName(string path)
        {
            int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
    }
}
