using System.Collections.Generic;

namespace AbiKit.Frontend.Json
{
    /// <summary>A 1-based line and column in a spec file.</summary>
    public readonly record struct SourcePosition(int Line, int Column)
    {
        /// <summary>Line 1, column 1.</summary>
        public static SourcePosition Start => new(1, 1);
    }

    /// <summary>The JSON value kinds the spec reader distinguishes.</summary>
    public enum JsonKind
    {
        /// <summary>An object.</summary>
        Object,
        /// <summary>An array.</summary>
        Array,
        /// <summary>A string.</summary>
        String,
        /// <summary>A number (kept as its source text).</summary>
        Number,
        /// <summary>true or false.</summary>
        Boolean,
        /// <summary>null.</summary>
        Null,
    }

    /// <summary>
    /// A JSON value with the position it started at. System.Text.Json's DOM forgets positions, and every
    /// spec diagnostic must say <c>path(line,col)</c>, so the loader builds this small tree instead.
    /// </summary>
    public sealed class JsonValue
    {
        internal JsonValue(JsonKind kind, SourcePosition position, string text)
        {
            Kind = kind;
            Position = position;
            Text = text;
        }

        /// <summary>The kind.</summary>
        public JsonKind Kind { get; }

        /// <summary>Where the value starts.</summary>
        public SourcePosition Position { get; }

        /// <summary>String content, number source text, or <c>true</c>/<c>false</c>/<c>null</c>.</summary>
        public string Text { get; }

        /// <summary>Object members in source order (with each key's position).</summary>
        public List<JsonProperty> Properties { get; } = new();

        /// <summary>Array items.</summary>
        public List<JsonValue> Items { get; } = new();

        /// <summary>A short description of the kind for messages ("a string", "an object", …).</summary>
        public string Describe() => Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.Boolean => "a boolean",
            _ => "null",
        };
    }

    /// <summary>An object member.</summary>
    public sealed record JsonProperty(string Name, SourcePosition NamePosition, JsonValue Value);
}
