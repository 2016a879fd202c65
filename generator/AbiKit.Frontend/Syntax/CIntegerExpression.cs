using System;
using System.Numerics;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>
    /// Evaluates an integer constant expression as kernel headers write them: decimal, <c>0x</c> hex and C octal
    /// (<c>02000000</c> is octal) literals with optional <c>u</c>/<c>l</c> suffixes, names of constants, parentheses,
    /// unary <c>- + ~</c>, and the binary operators <c>* / % + - &lt;&lt; &gt;&gt; &amp; ^ |</c> with C's precedence.
    /// Values are exact integers checked to 64 bits: every literal, name and intermediate result must lie in
    /// −2^63 … 2^64−1 (the union of <c>__s64</c> and <c>__u64</c>), and whether one fits its field is checked where the
    /// field's type is known. Hostile input gives a located error message, never an exception: shifts are limited to
    /// 0..63, nesting to 256 levels.
    /// </summary>
    public sealed class CIntegerExpression
    {
        private const int MaxDepth = 256;
        private static readonly BigInteger Max = BigInteger.Pow(2, 64) - 1;
        private static readonly BigInteger Min = -BigInteger.Pow(2, 63);
        private static readonly BigInteger IntMax = int.MaxValue;
        private static readonly BigInteger IntMin = int.MinValue;
        private readonly Func<string, BigInteger?>? _lookup;
        private int _depth;
        private readonly string _text;
        private int _at;
        private string? _error;
        private int _operands;
        // What a C compiler would do differently from exact arithmetic: see Spellable.
        private bool _wide;
        private bool _unsafe;
        private bool _unsignedLiteral;
        private bool _negative;

        private CIntegerExpression(string text, Func<string, BigInteger?>? lookup)
        {
            _text = text;
            _lookup = lookup;
        }

        /// <summary>Evaluates <paramref name="text"/>, which may not name constants.</summary>
        /// <param name="text">The expression.</param>
        /// <param name="value">Its value when it is well-formed.</param>
        /// <param name="error">Why it is not, naming the offending character's column (1-based), otherwise null.</param>
        /// <returns>True when <paramref name="text"/> is a well-formed expression.</returns>
        public static bool TryEvaluate(string text, out BigInteger value, out string? error)
        {
            var result = Evaluate(text, null);
            value = result.Value;
            error = result.Error;
            return error is null;
        }

        /// <summary>Evaluates <paramref name="text"/>; names are looked up with <paramref name="lookup"/> (null: unknown).</summary>
        /// <param name="text">The expression.</param>
        /// <param name="lookup">The value of a constant's name, or null when there is none; null to refuse every name.</param>
        /// <returns>The value or the error, and whether C evaluates the text to the same value.</returns>
        public static CIntegerResult Evaluate(string text, Func<string, BigInteger?>? lookup)
        {
            var parser = new CIntegerExpression(text ?? "", lookup);
            var value = parser.Or();
            parser.SkipSpace();
            if (parser._error is null && parser._at < parser._text.Length) parser.Fail($"unexpected '{parser._text[parser._at]}' at column {parser._at + 1}");
            if (parser._error is not null) return new CIntegerResult(BigInteger.Zero, parser._error, false);
            // A lone literal or name is the same number in C whatever its width (its type adapts); an expression is,
            // when C's int arithmetic cannot overflow, wrap around or hit an implementation-defined shift on it.
            bool spellable = parser._operands == 1 && !parser._unsafe
                || !parser._wide && !parser._unsafe && !(parser._unsignedLiteral && parser._negative);
            return new CIntegerResult(value, null, spellable);
        }

        private BigInteger Or() => Binary(Xor, "|", (a, b) => a | b);

        private BigInteger Xor() => Binary(And, "^", (a, b) => a ^ b);

        private BigInteger And() => Binary(Shift, "&", (a, b) => a & b);

        private BigInteger Shift()
        {
            var left = Additive();
            while (_error is null)
            {
                SkipSpace();
                bool leftShift = Peek("<<");
                if (!leftShift && !Peek(">>")) break;
                int column = _at + 1;
                _at += 2;
                var count = Additive();
                if (_error is not null) break;
                if (count < 0 || count > 63) return Fail($"shift by {count} at column {column}: shifts must be 0 to 63 bits");
                if (left < 0) _unsafe = true; // C: undefined (<<) or implementation-defined (>>) for a negative left operand
                left = leftShift ? left << (int)count : left >> (int)count;
                Check(left, column);
            }
            return left;
        }

        private BigInteger Additive()
        {
            var left = Multiplicative();
            while (_error is null)
            {
                SkipSpace();
                int column = _at + 1;
                if (Peek("+") && !Peek("++")) { _at++; left += Multiplicative(); }
                else if (Peek("-") && !Peek("--")) { _at++; left -= Multiplicative(); }
                else break;
                Check(left, column);
            }
            return left;
        }

        private BigInteger Multiplicative()
        {
            var left = Unary();
            while (_error is null)
            {
                SkipSpace();
                char op = _at < _text.Length ? _text[_at] : '\0';
                if (op != '*' && op != '/' && op != '%') break;
                int column = _at + 1;
                _at++;
                var right = Unary();
                if (_error is not null) break;
                if (op != '*' && right.IsZero) return Fail($"division by zero at column {column}");
                // C truncates toward zero, as BigInteger does.
                left = op == '*' ? left * right : op == '/' ? BigInteger.Divide(left, right) : BigInteger.Remainder(left, right);
                Check(left, column);
            }
            return left;
        }

        private BigInteger Unary()
        {
            // Parentheses and unary operators recurse: bound them so hostile input cannot exhaust the stack.
            if (++_depth > MaxDepth) return Fail($"the expression nests more than {MaxDepth} levels deep");
            try
            {
                return UnaryBody();
            }
            finally
            {
                _depth--;
            }
        }

        private BigInteger UnaryBody()
        {
            SkipSpace();
            if (_at >= _text.Length) return Fail("the expression ends where a number was expected");
            char c = _text[_at];
            int column = _at + 1;
            if (c == '-') { _at++; return Check(-Unary(), column); }
            if (c == '+') { _at++; return Unary(); }
            if (c == '~') { _at++; return Check(-Unary() - 1, column); }
            if (c == '(')
            {
                _at++;
                var inner = Or();
                SkipSpace();
                if (_error is null && !Peek(")")) return Fail($"missing ')' at column {_at + 1}");
                _at++;
                return inner;
            }
            return Literal();
        }

        private BigInteger Literal()
        {
            int start = _at;
            _operands++;
            if (_at < _text.Length && (char.IsLetter(_text[_at]) || _text[_at] == '_'))
            {
                while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_')) _at++;
                string name = _text.Substring(start, _at - start);
                if (_lookup is null) return Fail($"'{name}' at column {start + 1} is a name; only numbers and operators are allowed here");
                if (_lookup(name) is not { } named) return Fail($"'{name}' at column {start + 1} is not a constant of this spec, its imports or its included headers");
                return Check(named, start + 1);
            }
            while (_at < _text.Length && char.IsLetterOrDigit(_text[_at])) _at++;
            string token = _text.Substring(start, _at - start);
            string digits = token.TrimEnd('u', 'U', 'l', 'L');
            string suffix = token.Substring(digits.Length).ToLowerInvariant();
            if (token.Length == 0) return Fail(_at < _text.Length ? $"unexpected '{_text[_at]}' at column {_at + 1}" : "the expression ends where a number was expected");
            if (suffix.Length > 3 || suffix.Replace("l", "").Length > 1) return Fail($"'{token}' at column {start + 1} has an invalid suffix");
            if (suffix.Contains("u")) _unsignedLiteral = true;

            BigInteger value = BigInteger.Zero;
            int radix = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 16 : digits.Length > 1 && digits[0] == '0' ? 8 : 10;
            string body = radix == 16 ? digits.Substring(2) : radix == 8 ? digits.Substring(1) : digits;
            if (body.Length == 0) return Fail($"'{token}' at column {start + 1} is not a number");
            foreach (char d in body)
            {
                int v = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : 99;
                if (v >= radix)
                {
                    string kind = radix == 8 ? "octal number (it starts with 0, as in C)" : radix == 16 ? "hexadecimal number" : "decimal number";
                    return Fail($"'{token}' at column {start + 1} is not a valid {kind}");
                }
                value = value * radix + v;
                if (value > Max) return Fail($"'{token}' at column {start + 1} does not fit in 64 bits");
            }
            // A hex or octal literal above INT_MAX is unsigned in C. Headers are C90 too: no long long literals, no literal
            // wider than 32 bits, no unsuffixed decimal above INT_MAX (unsigned only in C90); such text gets the number.
            if (value > IntMax && radix != 10) _unsignedLiteral = true;
            if (suffix.Contains("ll") || value > uint.MaxValue || radix == 10 && value > IntMax && !suffix.Contains("u")) _unsafe = true;
            return Check(value, start + 1);
        }

        private BigInteger Binary(Func<BigInteger> operand, string op, Func<BigInteger, BigInteger, BigInteger> apply)
        {
            var left = operand();
            while (_error is null)
            {
                SkipSpace();
                // '|' is not '||', '&' is not '&&': C's logical operators are not constant-expression material here.
                if (!Peek(op) || Peek(op + op)) break;
                int column = _at + 1;
                _at += op.Length;
                var right = operand();
                if (left < 0 || right < 0) _unsafe |= _unsignedLiteral;
                left = Check(apply(left, right), column);
            }
            return left;
        }

        // Checked 64-bit arithmetic: a result outside −2^63 … 2^64−1 is an error located at its operator.
        private BigInteger Check(BigInteger value, int column)
        {
            if (_error is not null) return BigInteger.Zero;
            if (value > Max || value < Min) return Fail($"the value at column {column} ({value}) overflows 64 bits");
            if (value > IntMax || value < IntMin) _wide = true;
            if (value < 0) _negative = true;
            return value;
        }

        private bool Peek(string token) => string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0;

        private void SkipSpace()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
        }

        private BigInteger Fail(string message)
        {
            _error ??= message;
            _at = _text.Length;
            return BigInteger.Zero;
        }
    }

    /// <summary>What <see cref="CIntegerExpression.Evaluate"/> found.</summary>
    /// <param name="Value">The exact value (0 on error).</param>
    /// <param name="Error">Why the text is not a valid expression, with the column; null when it is.</param>
    /// <param name="SpellableInC">True when a C compiler evaluates the text, on every ABI, to <paramref name="Value"/>: a lone
    /// literal or name, or an expression whose every step stays in <c>int</c> without wrapping or shifting a negative
    /// number. A header may then write the text itself; otherwise it writes the value.</param>
    public readonly record struct CIntegerResult(BigInteger Value, string? Error, bool SpellableInC);
}
