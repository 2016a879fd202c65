using AbiKit.Emitters;
using AbiKit.Model;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// Random argument structs biased toward the values checks get wrong: zero, one, all ones, single bits, the sign bit,
/// values just below the maximum (offsets and sizes that overflow when added), page multiples; for checked fields
/// mostly values the check accepts (so most structs exercise more than their first check) and known masks with a
/// stray bit. Seeded: the same seed gives the same structs.
/// </summary>
public sealed class RandomArguments(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Fills <paramref name="bytes"/> (the struct's size) with one random argument of <paramref name="arg"/>.</summary>
    public void Fill(Span<byte> bytes, AbiStruct arg, IReadOnlyList<ArgumentCheck> checks)
    {
        var layout = arg.Layout(Arch.X86_64);
        // Bytes no field covers (holes) are random half of the time: no check may read them.
        if (_random.Next(2) == 0) _random.NextBytes(bytes);
        else bytes.Clear();
        for (int i = 0; i < arg.Fields.Count; i++)
        {
            var field = arg.Fields[i];
            var place = layout.Fields[i];
            var check = checks.FirstOrDefault(c => c.Field == field);
            int elements = field.Count > 0 ? field.Count : 1;
            int width = place.Size / elements;
            if (field.Type.Kind == TypeKind.Struct || width > 8)
            {
                // A nested aggregate: zero or random bytes.
                if (_random.Next(2) == 0) bytes.Slice(place.Offset, place.Size).Clear();
                else _random.NextBytes(bytes.Slice(place.Offset, place.Size));
                continue;
            }
            for (int e = 0; e < elements; e++) ProbeCases.Write(bytes, place.Offset + e * width, width, Value(width, check));
        }
    }

    private ulong Value(int width, ArgumentCheck? check)
    {
        ulong all = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
        switch (check?.Kind)
        {
            case ArgumentCheckKind.MustBeZero when _random.Next(4) != 0:
                return 0;
            case ArgumentCheckKind.KnownBits:
                ulong mask = check.Flags!.Mask;
                switch (_random.Next(6))
                {
                    case 0: return 0;
                    case 1: return mask;
                    case 2: return mask & Next64();
                    case 3: return (mask | 1UL << _random.Next(8 * width)) & all;
                }
                break;
            case ArgumentCheckKind.KnownValue:
                var values = check.Enum!.Values;
                switch (_random.Next(5))
                {
                    case 0: case 1: case 2: return unchecked((ulong)values[_random.Next(values.Count)].Value) & all;
                    case 3: return unchecked((ulong)values.Max(v => v.Value) + 1) & all;
                }
                break;
        }
        return Edge(width, all);
    }

    private ulong Edge(int width, ulong all) => _random.Next(10) switch
    {
        0 => 0,
        1 => 1,
        2 => all,
        3 => 1UL << _random.Next(8 * width),
        4 => all >> 1,
        5 => 1UL << (8 * width - 1),
        6 => all - (ulong)_random.Next(4097),
        7 => (ulong)_random.Next(4097),
        8 => 4096UL * (ulong)_random.Next(1, 1 << 16) & all,
        _ => Next64() & all,
    };

    private ulong Next64() => (ulong)_random.NextInt64() ^ (ulong)_random.Next(2) << 63;
}
