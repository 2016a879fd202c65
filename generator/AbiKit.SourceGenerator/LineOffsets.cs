using System;
using System.Collections.Generic;

namespace AbiKit.SourceGenerator
{
    /// <summary>Turns a diagnostic's 1-based line and column into a text offset, in time logarithmic in the file: the
    /// line starts are found once per file, so a spec with many diagnostics costs no more than one pass over it.</summary>
    internal sealed class LineOffsets
    {
        private readonly List<int> _starts = new() { 0 };
        private readonly int _length;

        public LineOffsets(string text)
        {
            _length = text.Length;
            for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) _starts.Add(i + 1);
        }

        /// <summary>The offset of (<paramref name="line"/>, <paramref name="column"/>), kept inside that line.</summary>
        public int OffsetOf(int line, int column)
        {
            int index = Math.Max(0, Math.Min(line - 1, _starts.Count - 1));
            int start = _starts[index];
            int end = index + 1 < _starts.Count ? _starts[index + 1] - 1 : _length;
            return start + Math.Max(0, Math.Min(column - 1, end - start));
        }
    }
}
