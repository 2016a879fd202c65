using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace AbiKit.Frontend.Json
{
    /// <summary>Reads JSON text into a <see cref="JsonValue"/> tree that remembers line and column of every value.</summary>
    public static class PositionedJsonReader
    {
        /// <summary>The maximum nesting depth accepted; specs are shallow, so deep input is hostile or broken.</summary>
        public const int MaxDepth = 64;

        /// <summary>Parses <paramref name="text"/>. On malformed JSON returns false with a located message.</summary>
        public static bool TryParse(string text, out JsonValue? root, out string error, out SourcePosition errorPosition)
        {
            if (text.Trim().Length == 0)
            {
                root = null;
                error = "the file is empty; a spec is a JSON object";
                errorPosition = SourcePosition.Start;
                return false;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            var lines = new LineMap(bytes);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
                MaxDepth = MaxDepth,
            });
            try
            {
                if (!reader.Read())
                {
                    root = null;
                    error = "the file is empty; a spec is a JSON object";
                    errorPosition = SourcePosition.Start;
                    return false;
                }
                root = ReadValue(ref reader, lines);
                if (reader.Read())
                {
                    error = "unexpected content after the top-level value";
                    errorPosition = lines.At((int)reader.TokenStartIndex);
                    root = null;
                    return false;
                }
                error = "";
                errorPosition = default;
                return true;
            }
            catch (JsonException ex)
            {
                root = null;
                error = CleanMessage(ex.Message);
                // The exception counts bytes within the line; the position is in characters and never past the line's end.
                errorPosition = lines.AtLineByte((int)Math.Min(ex.LineNumber ?? 0, int.MaxValue), (int)Math.Min(ex.BytePositionInLine ?? 0, int.MaxValue));
                return false;
            }
            catch (InvalidOperationException)
            {
                // Utf8JsonReader.GetString refuses an escaped lone surrogate ("\ud800"): valid JSON, but not text.
                root = null;
                error = "a string holds an unpaired UTF-16 surrogate escape (such as \\ud800 without its low half); names and docs must be valid Unicode text";
                errorPosition = lines.At((int)reader.TokenStartIndex);
                return false;
            }
        }

        private static JsonValue ReadValue(ref Utf8JsonReader reader, LineMap lines)
        {
            var position = lines.At((int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                {
                    var obj = new JsonValue(JsonKind.Object, position, "");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var namePosition = lines.At((int)reader.TokenStartIndex);
                        string name = reader.GetString() ?? "";
                        reader.Read();
                        obj.Properties.Add(new JsonProperty(name, namePosition, ReadValue(ref reader, lines)));
                    }
                    return obj;
                }
                case JsonTokenType.StartArray:
                {
                    var array = new JsonValue(JsonKind.Array, position, "");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        array.Items.Add(ReadValue(ref reader, lines));
                    }
                    return array;
                }
                case JsonTokenType.String:
                    return new JsonValue(JsonKind.String, position, reader.GetString() ?? "");
                case JsonTokenType.Number:
                    return new JsonValue(JsonKind.Number, position, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
                case JsonTokenType.True:
                    return new JsonValue(JsonKind.Boolean, position, "true");
                case JsonTokenType.False:
                    return new JsonValue(JsonKind.Boolean, position, "false");
                default:
                    return new JsonValue(JsonKind.Null, position, "null");
            }
        }

        // System.Text.Json's messages speak of reader options and append "LineNumber: n | BytePositionInLine: m.",
        // which a spec author cannot act on or already sees in the location.
        private static string CleanMessage(string message)
        {
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            string text = (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
            if (text.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0) return "trailing comma: JSON does not allow a comma before '}' or ']'";
            if (text.IndexOf("comment", StringComparison.OrdinalIgnoreCase) >= 0 || text.StartsWith("'/' is invalid", StringComparison.Ordinal)) return "comments are not allowed in JSON; put explanations in \"doc\"";
            if (text.IndexOf("depth", StringComparison.OrdinalIgnoreCase) >= 0) return $"nested more than {MaxDepth} levels deep; a spec is much flatter than that";
            text = text.Replace(" which is not supported in this mode", "").Replace(" Change the reader options", "");
            return "invalid JSON: " + text.TrimEnd('.', ' ');
        }

        /// <summary>Maps UTF-8 byte offsets to 1-based line/column. Columns count UTF-16 code units, as Roslyn, .NET strings
        /// and editors (LSP) do, so a character outside the BMP counts two and the source generator's locations land where
        /// the CLI's do. Lines end at '\n' (a CRLF is one line break). The reader asks
        /// for offsets in increasing order, so the column is counted on from the last answer: linear in the input, also
        /// when the whole spec is one line.</summary>
        private sealed class LineMap
        {
            private readonly byte[] _bytes;
            private readonly List<int> _lineStarts = new() { 0 };
            private int _lastLine;
            private int _lastOffset;
            private int _lastColumn = 1;

            public LineMap(byte[] bytes)
            {
                _bytes = bytes;
                for (int i = 0; i < bytes.Length; i++)
                {
                    if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
                }
            }

            public SourcePosition At(int offset)
            {
                offset = Math.Max(0, Math.Min(offset, _bytes.Length));
                int index = _lineStarts.BinarySearch(offset);
                if (index < 0) index = ~index - 1;
                int from = _lineStarts[index];
                int column = 1;
                if (index == _lastLine && offset >= _lastOffset && _lastOffset >= from)
                {
                    from = _lastOffset;
                    column = _lastColumn;
                }
                for (int i = from; i < offset; i++)
                {
                    byte b = _bytes[i];
                    // A lead byte starts a character; a four-byte sequence is a surrogate pair in UTF-16.
                    if ((b & 0xC0) != 0x80) column += b >= 0xF0 ? 2 : 1;
                }
                _lastLine = index;
                _lastOffset = offset;
                _lastColumn = column;
                return new SourcePosition(index + 1, column);
            }

            /// <summary>The position of byte <paramref name="byteInLine"/> of 0-based line <paramref name="line"/>, kept inside
            /// that line (a reader error may point just past its last byte).</summary>
            public SourcePosition AtLineByte(int line, int byteInLine)
            {
                line = Math.Max(0, Math.Min(line, _lineStarts.Count - 1));
                int start = _lineStarts[line];
                int end = line + 1 < _lineStarts.Count ? _lineStarts[line + 1] - 1 : _bytes.Length;
                return At(start + Math.Max(0, Math.Min(byteInLine, end - start)));
            }
        }
    }
}
