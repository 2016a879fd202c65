using System;
using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend;
using AbiKit.Model;

namespace AbiKit.SourceGenerator
{
    /// <summary>The spec AdditionalFiles, as the file system imports are resolved in (a generator reads no disk).</summary>
    internal sealed class AdditionalSpecFiles : ISpecFileSystem
    {
        private readonly Dictionary<string, SpecText> _byPath = new(StringComparer.Ordinal);

        public AdditionalSpecFiles(EquatableArray<SpecText> texts)
        {
            foreach (var text in texts) _byPath[Key(text.Path)] = text;
        }

        public bool TryReadText(string path, out string text, out string error)
        {
            if (_byPath.TryGetValue(Key(path), out var spec))
            {
                text = spec.Text;
                error = "";
                return true;
            }
            text = "";
            error = "not among the project's AdditionalFiles (add it with <AdditionalFiles Include=\"...\" />)";
            return false;
        }

        public string? NamespaceOf(string path)
            => _byPath.TryGetValue(Key(path), out var spec) && spec.Namespace.Length > 0 ? spec.Namespace : null;

        /// <summary>A path normalised to compare AdditionalFile paths with import paths built from them.</summary>
        public string Key(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Replace('\\', '/').Split('/'))
            {
                if (part == "." || (part.Length == 0 && parts.Count > 0)) continue;
                if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
                else parts.Add(part);
            }
            return string.Join("/", parts);
        }
    }
}
