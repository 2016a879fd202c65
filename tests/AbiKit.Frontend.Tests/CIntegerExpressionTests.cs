using System.Numerics;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Frontend.Tests;

/// <summary>Numbers as kernel headers write them (issue: "Integer literals and expressions exactly as kernel headers write them").</summary>
public class CIntegerExpressionTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData("-1", -1)]
    [InlineData("0x80000000", 2147483648)]
    [InlineData("0X1f", 31)]
    [InlineData("02000000", 0x80000)]          // O_CLOEXEC: octal in C, as in the kernel's fcntl.h
    [InlineData("00000002", 2)]                // O_RDWR
    [InlineData("0", 0)]
    [InlineData("1<<2", 4)]
    [InlineData("(1 << 0)", 1)]                // i915_drm.h style
    [InlineData("(1u << 31)", 2147483648)]
    [InlineData("0x1ULL", 1)]
    [InlineData("-(2 << 1)", -4)]
    [InlineData("(1 << 3) | (1 << 1)", 10)]
    [InlineData("0xff & ~0x0f", 0xf0)]
    [InlineData("1 + 2 * 3", 7)]              // precedence as C
    [InlineData("1 << 2 + 1", 8)]             // + binds tighter than <<
    [InlineData("6 ^ 3 | 8", 13)]             // ^ binds tighter than |
    [InlineData("-7 / 2", -3)]                // C truncates toward zero
    [InlineData("-7 % 2", -1)]
    [InlineData("0x8000000000000000 >> 63", 1)]
    public void Evaluates_as_c_does(string text, long expected)
    {
        Assert.True(CIntegerExpression.TryEvaluate(text, out var value, out var error), error);
        Assert.Equal(new BigInteger(expected), value);
    }

    [Fact]
    public void Evaluates_unsigned_64_bit_values()
    {
        Assert.True(CIntegerExpression.TryEvaluate("0xffffffffffffffff", out var value, out _));
        Assert.Equal(ulong.MaxValue, (ulong)value);
        Assert.True(CIntegerExpression.TryEvaluate("1 << 63", out value, out _));
        Assert.Equal(1UL << 63, (ulong)value);
    }

    [Theory]
    [InlineData("08", "'08' at column 1 is not a valid octal number")]
    [InlineData("0x", "'0x' at column 1 is not a number")]
    [InlineData("1<<64", "shift by 64 at column 2: shifts must be 0 to 63 bits")]
    [InlineData("1<<2147483648", "shift by 2147483648 at column 2")]
    [InlineData("1 << -1", "shift by -1")]
    [InlineData("(1 << 2", "missing ')'")]
    [InlineData("1 / 0", "division by zero at column 3")]
    [InlineData("1 +", "ends where a number was expected")]
    [InlineData("", "ends where a number was expected")]
    [InlineData("1 2", "unexpected '2'")]
    [InlineData("O_CLOEXEC", "'O_CLOEXEC' at column 1 is a name")]
    [InlineData("1 || 2", "unexpected '|'")]
    [InlineData("12uuu", "invalid suffix")]
    [InlineData("1.5", "unexpected '.'")]
    [InlineData("0xffffffffffffffffffffffffffffffffff", "does not fit in 64 bits")]
    [InlineData("0x10000000000000000", "'0x10000000000000000' at column 1 does not fit in 64 bits")]
    [InlineData("(1<<63)*(1<<63)*(1<<63)", "the value at column 8 (85070591730234615865843651857942052864) overflows 64 bits")]
    [InlineData("-(1<<63)-(1<<63)-1", "overflows 64 bits")]
    public void Rejects_with_a_reason(string text, string reason)
    {
        Assert.False(CIntegerExpression.TryEvaluate(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Deep_nesting_and_long_input_give_answers_not_crashes()
    {
        Assert.True(CIntegerExpression.TryEvaluate(new string('(', 200) + "1" + new string(')', 200), out var one, out _));
        Assert.Equal(BigInteger.One, one);
        Assert.False(CIntegerExpression.TryEvaluate(string.Join(" << ", Enumerable.Repeat("63", 10_000)), out _, out var error));
        Assert.Contains("overflows 64 bits", error);
        Assert.False(CIntegerExpression.TryEvaluate(new string('(', 100_000) + "1", out _, out error));
        Assert.Contains("nests more than 256 levels", error);
        Assert.False(CIntegerExpression.TryEvaluate(new string('-', 100_000) + "1", out _, out error));
        Assert.Contains("nests more than 256 levels", error);
    }

    [Fact]
    public void A_spec_reads_octal_as_c_does()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "flags": [ { "name": "open_flags", "type": "u32", "flags": [ { "name": "X_CLOEXEC", "value": "02000000" } ] } ]
            """));
        result.Clean();
        Assert.Equal(0x80000UL, result.Model!.FlagSets[0].Flags[0].Value);
    }
}
