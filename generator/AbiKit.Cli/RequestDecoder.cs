using System.Globalization;
using System.Text;
using AbiKit.Model;

namespace AbiKit.Cli;

/// <summary>Explains request codes, naming them when a spec declares them.</summary>
public static class RequestDecoder
{
    /// <summary>Parses hex (0x…) or decimal text.</summary>
    public static bool TryParse(string text, out uint value)
    {
        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary><c>_IOWR('d', 0x5b, 16)</c>.</summary>
    public static string Shape(IoctlCode code)
    {
        string macro = code.Direction.MacroName();
        string type = code.Type is >= 0x20 and < 0x7F ? $"'{(char)code.Type}'" : $"0x{code.Type:x2}";
        return code.Direction == IoctlDirection.None ? $"{macro}({type}, 0x{code.Nr:x2})" : $"{macro}({type}, 0x{code.Nr:x2}, {code.Size})";
    }

    /// <summary>A multi-line description of <paramref name="value"/> decoded as <paramref name="arch"/> packs codes,
    /// with matches from <paramref name="families"/> on any ABI.</summary>
    public static string Describe(uint value, IEnumerable<AbiFamily> families, Arch arch = Arch.X86_64)
    {
        var code = new IoctlCode(value, arch.IoctlEncoding());
        var sb = new StringBuilder();
        string dir = code.Direction switch
        {
            IoctlDirection.None => "none (_IO)",
            IoctlDirection.In => "write (_IOW: user space to kernel)",
            IoctlDirection.Out => "read (_IOR: kernel to user space)",
            _ => "read/write (_IOWR)",
        };
        sb.Append(CultureInfo.InvariantCulture, $"{code}  {Shape(code)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  direction: {dir}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  type:      0x{code.Type:x2}{(code.Type is >= 0x20 and < 0x7F ? $" '{(char)code.Type}'" : "")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  number:    0x{code.Nr:x2} ({code.Nr})\n");
        sb.Append(CultureInfo.InvariantCulture, $"  size:      {code.Size} bytes\n");
        bool any = false;
        foreach (var family in families)
        {
            foreach (var io in family.Ioctls)
            {
                var arches = Arches.All.Where(a => io.Code(a) == value).ToList();
                if (arches.Count > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  name:      {io.CodeMacro} ({family.SourceName}, {Arches.Describe(arches)})\n");
                    any = true;
                }
                else if (io.Nr == code.Nr && family.Ioctl.Type == code.Type)
                {
                    // Same number, different size or direction: DRM dispatches by number, so this still reaches the ioctl.
                    sb.Append(CultureInfo.InvariantCulture, $"  note:      same type and number as {io.CodeMacro} ({io.DecodedCode(arch)} on {arch.Name()}), other size or direction\n");
                }
            }
        }
        if (!any && families.Any()) sb.Append("  name:      not declared by the given specs\n");
        return sb.ToString();
    }
}
