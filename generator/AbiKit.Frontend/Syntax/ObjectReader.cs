using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>
    /// Reads one JSON object of the spec: rejects unknown and duplicate keys, and hands out typed values,
    /// reporting a located diagnostic for each wrong one (and returning null, so reading goes on).
    /// </summary>
    internal sealed class ObjectReader
    {
        private static readonly Regex Identifier = new(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex SpdxExpression = new(@"^[A-Za-z0-9][A-Za-z0-9.+-]*( +(WITH|AND|OR) +\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*\z", RegexOptions.CultureInvariant);
        private static readonly Regex PlainFileName = new(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant);
        private static readonly Regex DottedIdentifier = new(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\z", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, JsonProperty> _members = new(StringComparer.Ordinal);
        private readonly DiagnosticSink _sink;
        private readonly string _what;

        public ObjectReader(JsonValue value, string what, DiagnosticSink sink, params string[] keys)
        {
            Value = value;
            _what = what;
            _sink = sink;
            foreach (var member in value.Properties)
            {
                if (System.Array.IndexOf(keys, member.Name) < 0)
                {
                    string? near = Nearest(member.Name, keys);
                    _sink.Report(DiagnosticCatalog.UnknownKey, member.NamePosition,
                        $"unknown key '{member.Name}' in {what}" + (near is null ? $"; allowed keys are: {string.Join(", ", keys)}" : $"; did you mean '{near}'?"));
                }
                else if (_members.ContainsKey(member.Name))
                {
                    _sink.Report(DiagnosticCatalog.DuplicateKey, member.NamePosition, $"key '{member.Name}' appears twice in {what}; remove one");
                }
                else
                {
                    _members[member.Name] = member;
                }
            }
        }

        public JsonValue Value { get; }

        public SourcePosition Position => Value.Position;

        public bool Has(string key) => _members.ContainsKey(key);

        public JsonValue? Raw(string key, JsonKind kind, string expected, bool required = false)
        {
            if (!_members.TryGetValue(key, out var member))
            {
                if (required) _sink.Report(DiagnosticCatalog.MissingKey, Value.Position, $"{_what} needs '{key}' ({expected})");
                return null;
            }
            if (member.Value.Kind != kind)
            {
                _sink.Report(DiagnosticCatalog.WrongJsonType, member.Value.Position, $"'{key}' in {_what} must be {expected}, not {member.Value.Describe()}");
                return null;
            }
            return member.Value;
        }

        public Located<string>? String(string key, bool required = false)
        {
            var raw = Raw(key, JsonKind.String, "a string", required);
            return raw is null ? null : new Located<string>(raw.Text, raw.Position);
        }

        public Located<string>? Ident(string key, bool required = false)
        {
            var value = String(key, required);
            if (value is { } v && !(v.Value.Length <= ReservedWords.MaxIdentifierLength && Identifier.IsMatch(v.Value)))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position,
                    $"'{key}' in {_what} must be a C identifier (letters, digits, _; at most {ReservedWords.MaxIdentifierLength} characters), not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        /// <summary>A declared name: an identifier that is no keyword of the language it is generated into
        /// (C and C++ for a <c>name</c>, C# for a <c>csName</c>), so the generated code compiles.
        /// <paramref name="implementationNames"/> lets a C name be one C reserves for the implementation (a struct
        /// member's, as the kernel's <c>__pad</c>); keywords stay refused.</summary>
        public Located<string>? DeclaredName(string key, bool csharp, bool required = false, bool implementationNames = false)
        {
            var value = Ident(key, required);
            bool refused = value is { } name && (csharp ? ReservedWords.IsCSharp(name.Value)
                : implementationNames ? ReservedWords.IsCKeyword(name.Value) : ReservedWords.IsC(name.Value));
            if (refused && value is { } v)
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position,
                    $"'{key}' in {_what} is '{v.Value}', {(csharp ? "a C# keyword" : implementationNames ? "a C or C++ keyword" : "a C or C++ keyword or a name C reserves for the implementation (__x, _X)")}; the generated code would not compile, pick another name");
                return null;
            }
            return value;
        }

        /// <summary>A C# type name as written (<c>csName</c> of a type, <c>csharp.class</c>): no C# keyword, and not all
        /// lower-case ASCII letters, which C# warns may become keywords (CS8981) and so fails builds with warnings as errors.</summary>
        public Located<string>? CsTypeName(string key)
        {
            var value = DeclaredName(key, csharp: true);
            if (value is { } v && v.Value.All(c => c >= 'a' && c <= 'z'))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position, $"'{key}' in {_what} is '{v.Value}', a C# type name of only lower-case letters, which C# reserves for future keywords (CS8981); capitalise it");
                return null;
            }
            return value;
        }

        /// <summary>A field of the argument, or a member inside one: C identifiers joined by '.' (<c>out.handle</c>).</summary>
        public Located<string>? FieldPath(string key, bool required = false)
        {
            var value = String(key, required);
            if (value is { } v && !DottedIdentifier.IsMatch(v.Value))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position, $"'{key}' in {_what} must name a field: a C identifier, or a path through members such as out.handle, not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        /// <summary>A file name the generators will write, e.g. <c>i915_drm.h</c>: one plain path segment ending in
        /// <paramref name="extension"/> (no directory, <c>..</c>, control or comment characters), so no spec can make
        /// <c>abikit generate</c> write outside its output directory or break the banner it is quoted in.</summary>
        public Located<string>? FileName(string key, string extension)
        {
            var value = String(key);
            if (value is { } v && !(PlainFileName.IsMatch(v.Value) && v.Value.EndsWith(extension, StringComparison.Ordinal)))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position,
                    $"'{key}' in {_what} must be a plain file name ending in {extension} (letters, digits, '_', '-', '.'; no directory), not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        /// <summary>An SPDX license expression (<c>GPL-2.0 WITH Linux-syscall-note</c>, <c>MIT OR Apache-2.0</c>): it is
        /// quoted in a comment at the top of every generated file, so nothing else may be in it.</summary>
        public Located<string>? License(string key)
        {
            var value = String(key);
            if (value is { } v && !SpdxExpression.IsMatch(v.Value))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position, $"'{key}' in {_what} must be an SPDX license expression (license ids, WITH, AND, OR, parentheses), not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        /// <summary>A dotted C# namespace such as <c>AbiKit.Interop.I915</c>.</summary>
        public Located<string>? Namespace(string key)
        {
            var value = String(key);
            if (value is { } v && !DottedIdentifier.IsMatch(v.Value))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position, $"'{key}' in {_what} must be a dotted C# namespace (identifiers separated by '.'), not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        // Control characters would break the diagnostic's own line.
        internal static string Printable(string text)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char ch in text.Length > 80 ? text.Substring(0, 80) + "..." : text) sb.Append(char.IsControl(ch) ? '?' : ch);
            return sb.ToString();
        }

        public Located<string>? OneOf(string key, string[] choices, bool required = false)
        {
            var value = String(key, required);
            if (value is { } v && System.Array.IndexOf(choices, v.Value) < 0)
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Position, $"'{key}' in {_what} must be one of {string.Join(", ", choices)}, not '{Printable(v.Value)}'");
                return null;
            }
            return value;
        }

        public bool? Bool(string key)
        {
            var raw = Raw(key, JsonKind.Boolean, "true or false");
            return raw is null ? null : raw.Text == "true";
        }

        public Located<int>? Int(string key, int min, int max, bool required = false)
        {
            var number = Number(key, required);
            if (number is not { } n) return null;
            if (n.Value < min || n.Value > max)
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, n.Position, $"'{key}' in {_what} must be between {min} and {max}, not {n.Value}");
                return null;
            }
            return new Located<int>((int)n.Value, n.Position);
        }

        /// <summary>An integer: a JSON integer, or a string holding a C integer constant expression (<see cref="CIntegerExpression"/>).</summary>
        public Located<BigInteger>? Number(string key, bool required = false)
        {
            if (!_members.TryGetValue(key, out var member))
            {
                if (required) _sink.Report(DiagnosticCatalog.MissingKey, Value.Position, $"{_what} needs '{key}' (an integer)");
                return null;
            }
            var value = member.Value;
            if ((value.Kind == JsonKind.Number || value.Kind == JsonKind.String) && value.Text.Length > MaxNumberLength)
            {
                // BigInteger parsing is quadratic in the digits; no ABI constant needs more than 128 bits.
                _sink.Report(DiagnosticCatalog.InvalidValue, value.Position, $"'{key}' in {_what} is {value.Text.Length} characters long; numbers and constant expressions are limited to {MaxNumberLength}");
                return null;
            }
            if (value.Kind != JsonKind.Number && value.Kind != JsonKind.String)
            {
                _sink.Report(DiagnosticCatalog.WrongJsonType, value.Position, $"'{key}' in {_what} must be an integer or a string like \"0x1f\" or \"1<<3\", not {value.Describe()}");
                return null;
            }
            if (value.Kind == JsonKind.Number)
            {
                if (BigInteger.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return new Located<BigInteger>(number, value.Position);
                _sink.Report(DiagnosticCatalog.InvalidValue, value.Position, $"'{key}' in {_what} must be a whole number, not {value.Text}");
                return null;
            }
            if (CIntegerExpression.TryEvaluate(value.Text, out var result, out var error)) return new Located<BigInteger>(result, value.Position);
            _sink.Report(DiagnosticCatalog.InvalidValue, value.Position,
                $"'{key}' in {_what} must be an integer or a C constant expression (decimal, 0x hex, 0-prefixed octal, ( ) - ~ << >> | & ^ + * / %): '{Shorten(value.Text)}': {error}");
            return null;
        }

        /// <summary>
        /// A number that may name constants (<c>"(AMDGPU_X_SHIFT + 1)"</c>): evaluated here when it names none, otherwise
        /// kept for the resolver, which knows the constants. The text of a string form is kept either way.
        /// </summary>
        public NumberSyntax? Expression(string key, bool required = false)
        {
            if (_members.TryGetValue(key, out var member) && member.Value.Kind == JsonKind.String && member.Value.Text.Length <= MaxNumberLength)
            {
                bool names = false;
                CIntegerExpression.Evaluate(member.Value.Text, _ => { names = true; return BigInteger.Zero; });
                if (names) return new NumberSyntax { Position = member.Value.Position, Text = member.Value.Text, NamesConstants = true };
            }
            if (Number(key, required) is not { } number) return null;
            return new NumberSyntax { Position = number.Position, Value = number.Value, Text = member?.Value.Kind == JsonKind.String ? member.Value.Text : null };
        }

        /// <summary>The longest number or constant expression accepted (2^128 has 39 digits; expressions are short).</summary>
        public const int MaxNumberLength = 256;

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

        public List<JsonValue> Array(string key, bool required = false)
            => Raw(key, JsonKind.Array, "an array", required)?.Items ?? new List<JsonValue>();

        public ObjectReader? Object(string key, string what, bool required, params string[] keys)
        {
            var raw = Raw(key, JsonKind.Object, "an object", required);
            return raw is null ? null : new ObjectReader(raw, what, _sink, keys);
        }

        public void ReadAllow(AllowList allow)
        {
            var raw = Raw("allow", JsonKind.Object, "an object mapping diagnostic ids to reasons");
            if (raw is null) return;
            foreach (var entry in raw.Properties)
            {
                var descriptor = DiagnosticCatalog.All.FirstOrDefault(d => d.Id == entry.Name);
                if (descriptor is null)
                    _sink.Report(DiagnosticCatalog.InvalidAllow, entry.NamePosition, $"'{entry.Name}' is not an AbiKit diagnostic id");
                else if (descriptor.Severity != Severity.Warning)
                    _sink.Report(DiagnosticCatalog.InvalidAllow, entry.NamePosition, $"{entry.Name} is an error and cannot be allowed; fix the spec instead");
                else if (entry.Value.Kind != JsonKind.String || entry.Value.Text.Trim().Length == 0)
                    _sink.Report(DiagnosticCatalog.InvalidAllow, entry.Value.Position, $"allowing {entry.Name} needs a reason (a non-empty string)");
                else
                    allow.Ids[entry.Name] = entry.NamePosition;
            }
        }

        /// <summary>Wraps an array item that must be an object.</summary>
        public static ObjectReader? Item(JsonValue item, string what, DiagnosticSink sink, params string[] keys)
        {
            if (item.Kind == JsonKind.Object) return new ObjectReader(item, what, sink, keys);
            sink.Report(DiagnosticCatalog.WrongJsonType, item.Position, $"each entry of {what}s must be an object, not {item.Describe()}");
            return null;
        }

        private static string? Nearest(string key, string[] keys)
        {
            // The edit distance costs key × candidate; a key this long is no typo of a short one.
            if (key.Length > MaxSuggestedKeyLength) return null;
            string? best = null;
            int bestDistance = 3;
            foreach (var candidate in keys)
            {
                int d = Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = candidate;
                }
            }
            return best;
        }

        private const int MaxSuggestedKeyLength = 64;

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            return d[a.Length, b.Length];
        }
    }
}
