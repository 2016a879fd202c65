using System.Text.RegularExpressions;
using AbiKit.Model;

namespace AbiKit.Import;

/// <summary>
/// A request macro (<c>DRM_IOWR(DRM_COMMAND_BASE + DRM_I915_GEM_CREATE, struct drm_i915_gem_create)</c>,
/// <c>_IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)</c>) split into its helper and arguments as written; the numbers
/// come from the compiler's value of the whole macro, decoded by <see cref="Decode"/>.
/// </summary>
internal sealed partial record RequestMacro(MacroDefinition Macro, string Helper, IReadOnlyList<string> Arguments)
{
    /// <summary>A DRM helper (<c>DRM_IO*</c>, whose type is DRM_IOCTL_BASE) rather than <c>_IO*</c>.</summary>
    public bool IsDrm => Helper.StartsWith("DRM_", StringComparison.Ordinal);

    /// <summary>The number argument's text (first for DRM helpers, second for <c>_IO*</c>).</summary>
    public string NrText => IsDrm ? Arguments[0] : Arguments.Count > 1 ? Arguments[1] : "";

    /// <summary>The argument type's text (the last argument), or null for <c>_IO</c>/<c>DRM_IO</c>.</summary>
    public string? TypeText => Helper is "_IO" or "DRM_IO" ? null : Arguments[^1];

    /// <summary>Recognises a request macro by its helper; null for any other macro.</summary>
    public static RequestMacro? TryParse(MacroDefinition m)
    {
        if (m.Parameters is not null) return null;
        var match = Call().Match(m.Body);
        if (!match.Success) return null;
        var args = SplitArguments(match.Groups[2].Value);
        int wanted = match.Groups[1].Value switch { "DRM_IO" => 1, "DRM_IOR" or "DRM_IOW" or "DRM_IOWR" or "_IO" => 2, _ => 3 };
        return args.Count == wanted ? new RequestMacro(m, match.Groups[1].Value, args) : null;
    }

    /// <summary>Direction bits, size, type and number of a request code in the asm-generic encoding (x86_64's).</summary>
    public static (int Dir, int Size, int Type, int Nr) Decode(ulong code)
    {
        var decoded = new IoctlCode((uint)code);
        return ((int)decoded.Direction, decoded.Size, decoded.Type, decoded.Nr);
    }

    /// <summary>The spec's name of an asm-generic direction.</summary>
    public static string Direction(int dir) => Vocabulary.IoctlDirections[(IoctlDirection)(dir & 3)].Spec;

    private static List<string> SplitArguments(string text)
    {
        var args = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    args.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        args.Add(text[start..].Trim());
        return args;
    }

    [GeneratedRegex(@"^(DRM_IOWR|DRM_IOW|DRM_IOR|DRM_IO|_IOWR|_IOW|_IOR|_IO)\s*\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex Call();
}
