using System.Numerics;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>
    /// Evaluates an integer constant expression as kernel headers write them: decimal, <c>0x</c> hex and C octal
    /// (<c>02000000</c> is octal) literals with optional <c>u</c>/<c>l</c> suffixes, parentheses, unary <c>- + ~</c>,
    /// and the binary operators <c>* / % + - &lt;&lt; &gt;&gt; &amp; ^ |</c> with C's precedence. Values are exact
    /// integers (no C type wrap-around): whether one fits its field is checked where the field's type is known.
    /// Hostile input gives an error message, never an exception: shifts are limited to 0..63 and every intermediate
    /// value to 128 bits, nesting to 256 levels.
    /// </summary>
    public sealed class CIntegerExpression
    {
        private const int MaxDepth = 256;
        private static readonly BigInteger Limit = BigInteger.One << 128;
        private int _depth;
        private readonly string _text;
        private int _at;
        private string? _error;

        private CIntegerExpression(string text) => _text = text;

        /// <summary>Evaluates <paramref name="text"/>.</summary>
        /// <param name="text">The expression.</param>
        /// <param name="value">Its value when it is well-formed.</param>
        /// <param name="error">Why it is not, naming the offending character's column (1-based), otherwise null.</param>
        /// <returns>True when <paramref name="text"/> is a well-formed expression.</returns>
        public static bool TryEvaluate(string text, out BigInteger value, out string? error)
        {
            var parser = new CIntegerExpression(text ?? "");
            value = parser.Or();
            parser.SkipSpace();
            if (parser._error is null && parser._at < parser._text.Length) parser.Fail($"unexpected '{parser._text[parser._at]}'");
            error = parser._error;
            if (error is not null) value = default;
            return error is null;
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
                left = leftShift ? left << (int)count : left >> (int)count;
                if (BigInteger.Abs(left) >= Limit) return Fail("the value does not fit in 128 bits");
            }
            return left;
        }

        private BigInteger Additive()
        {
            var left = Multiplicative();
            while (_error is null)
            {
                SkipSpace();
                if (Peek("+") && !Peek("++")) { _at++; left += Multiplicative(); }
                else if (Peek("-") && !Peek("--")) { _at++; left -= Multiplicative(); }
                else break;
                if (BigInteger.Abs(left) >= Limit) return Fail("the value does not fit in 128 bits");
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
                if (BigInteger.Abs(left) >= Limit) return Fail("the value does not fit in 128 bits");
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
            if (c == '-') { _at++; return -Unary(); }
            if (c == '+') { _at++; return Unary(); }
            if (c == '~') { _at++; return -Unary() - 1; }
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
            if (_at < _text.Length && (char.IsLetter(_text[_at]) || _text[_at] == '_'))
            {
                while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_')) _at++;
                return Fail($"'{_text.Substring(start, _at - start)}' at column {start + 1} is a name; only numbers and operators are allowed here");
            }
            while (_at < _text.Length && char.IsLetterOrDigit(_text[_at])) _at++;
            string token = _text.Substring(start, _at - start);
            string digits = token.TrimEnd('u', 'U', 'l', 'L');
            string suffix = token.Substring(digits.Length).ToLowerInvariant();
            if (token.Length == 0) return Fail(_at < _text.Length ? $"unexpected '{_text[_at]}' at column {_at + 1}" : "the expression ends where a number was expected");
            if (suffix.Length > 3 || suffix.Replace("l", "").Length > 1) return Fail($"'{token}' at column {start + 1} has an invalid suffix");

            BigInteger value = BigInteger.Zero;
            int radix = digits.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) ? 16 : digits.Length > 1 && digits[0] == '0' ? 8 : 10;
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
                if (value >= Limit) return Fail($"'{token}' at column {start + 1} does not fit in 128 bits");
            }
            return value;
        }

        private BigInteger Binary(System.Func<BigInteger> operand, string op, System.Func<BigInteger, BigInteger, BigInteger> apply)
        {
            var left = operand();
            while (_error is null)
            {
                SkipSpace();
                // '|' is not '||', '&' is not '&&': C's logical operators are not constant-expression material here.
                if (!Peek(op) || Peek(op + op)) break;
                _at += op.Length;
                left = apply(left, operand());
            }
            return left;
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
}
