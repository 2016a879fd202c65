using System.Collections.Generic;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Diagnostics
{
    /// <summary>Collects diagnostics for one spec file.</summary>
    public sealed class DiagnosticSink
    {
        private readonly List<AbiDiagnostic> _items = new();

        /// <summary>Creates a sink for <paramref name="path"/>.</summary>
        public DiagnosticSink(string path) => Path = path;

        /// <summary>The spec file diagnostics are located in.</summary>
        public string Path { get; }

        /// <summary>The diagnostics so far.</summary>
        public IReadOnlyList<AbiDiagnostic> Items => _items;

        /// <summary>True once any error was reported.</summary>
        public bool HasErrors { get; private set; }

        /// <summary>Reports <paramref name="descriptor"/> at <paramref name="position"/>.</summary>
        public void Report(DiagnosticDescriptor descriptor, SourcePosition position, string message)
            => Add(new AbiDiagnostic(descriptor.Id, descriptor.Severity, message, Path, position));

        /// <summary>Inserts diagnostics reported by a later pass, each after the first <c>Index</c> diagnostics of the list as it
        /// was before the call (the order of <paramref name="items"/> kept among equal indexes).</summary>
        public void Splice(IReadOnlyList<(int Index, AbiDiagnostic Diagnostic)> items)
        {
            if (items.Count == 0) return;
            var merged = new List<AbiDiagnostic>(_items.Count + items.Count);
            int next = 0;
            foreach (var (index, diagnostic) in System.Linq.Enumerable.OrderBy(items, x => x.Index))
            {
                while (next < index && next < _items.Count) merged.Add(_items[next++]);
                merged.Add(diagnostic);
                if (diagnostic.Severity == Severity.Error) HasErrors = true;
            }
            while (next < _items.Count) merged.Add(_items[next++]);
            _items.Clear();
            _items.AddRange(merged);
        }

        /// <summary>Adds a diagnostic (possibly from another file).</summary>
        public void Add(AbiDiagnostic diagnostic)
        {
            _items.Add(diagnostic);
            if (diagnostic.Severity == Severity.Error) HasErrors = true;
        }
    }
}
