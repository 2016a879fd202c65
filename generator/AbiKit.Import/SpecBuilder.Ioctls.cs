using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AbiKit.Import;

// Request macros → the family's ioctl style and its ioctls, decoded from the compiler's value of each macro.
internal sealed partial class SpecBuilder
{
    private const int DrmCommandBase = 0x40;

    /// <summary>The ioctls, and the aggregate each one's argument names.</summary>
    private sealed class IoctlSet
    {
        public JsonArray Entries { get; } = new();

        /// <summary>Ioctl entries by the argument aggregate they name, to drop when the aggregate cannot be imported.</summary>
        public List<(JsonObject Entry, string? Arg, RequestMacro Macro)> ByArg { get; } = new();
    }

    private IoctlSet BuildIoctls(List<RequestMacro> requests, JsonObject spec)
    {
        var set = new IoctlSet();
        bool drm = requests.Any(r => r.IsDrm);
        bool driver = drm && requests.Any(r => r.IsDrm && r.NrText.Contains("DRM_COMMAND_BASE", StringComparison.Ordinal));
        string style = !drm ? "generic" : driver ? "drm-driver" : "drm-core";
        var decoded = requests.Select(r => (Macro: r, Code: RequestMacro.Decode((ulong)(_probe.Values[r.Macro.Name] & 0xffffffff)))).ToList();

        // One _IOC type per family: the one most request macros use.
        int type = decoded.Count == 0 ? 'd' : decoded.GroupBy(d => d.Code.Type).OrderByDescending(g => g.Count()).First().Key;
        var ioctl = new JsonObject { ["type"] = ((char)type).ToString(), ["style"] = style };
        string? typeMacro = null;
        if (drm)
        {
            typeMacro = "DRM_IOCTL_BASE";
            if (driver) ioctl["definesTypeMacro"] = false;
            _consumed.UnionWith(["DRM_IOCTL_BASE", "DRM_COMMAND_BASE", "DRM_COMMAND_END"]);
        }
        else if (decoded.Select(d => d.Macro.Arguments[0]).Distinct().ToList() is [var first] && Regex.IsMatch(first, @"^[A-Za-z_]\w*$")
                 && _macros.All.Any(m => m.Name == first && IsOwn(m.File)))
        {
            typeMacro = first;
            _consumed.Add(first);
        }

        if (typeMacro is not null) ioctl["typeMacro"] = typeMacro;

        var kept = new List<(RequestMacro Macro, (int Dir, int Size, int Type, int Nr) Code, string? NrMacro)>();
        var byNumber = new Dictionary<int, RequestMacro>();
        foreach (var (r, code) in decoded)
        {
            var m = r.Macro;
            _consumed.Add(m.Name);
            string? why = null;
            string? nrMacro = null;
            if (code.Type != type) why = $"its _IOC type is '{(char)code.Type}' while the family's is '{(char)type}'; a spec has one type";
            else if (r.IsDrm != drm) why = $"it uses {r.Helper} while the family's request macros are {(drm ? "DRM_IO*" : "_IO*")}";
            else if (driver && !r.NrText.Contains("DRM_COMMAND_BASE", StringComparison.Ordinal)) why = "a driver family's numbers are DRM_COMMAND_BASE + n, this one is a core number";
            else if (driver && (code.Nr < DrmCommandBase || code.Nr >= 0xa0)) why = $"number 0x{code.Nr:x2} is outside the driver range";
            else if (!driver && drm && code.Nr is >= DrmCommandBase and < 0xa0) why = $"number 0x{code.Nr:x2} is in the driver range";
            else if (byNumber.TryGetValue(code.Nr, out var earlier))
            {
                // Where same-number size or direction variants would be mapped once the format has them.
                why = $"it shares number 0x{code.Nr:x2} with {earlier.Macro.Name} (two request codes on one number that differ in size or direction)";
            }

            if (driver && why is null)
            {
                var names = Regex.Matches(r.NrText, @"(?<![0-9A-Za-z_])[A-Za-z_]\w*").Select(x => x.Value).Where(n => n != "DRM_COMMAND_BASE").Distinct().ToList();
                if (names is [var n] && _macros.All.Any(x => x.Name == n && IsOwn(x.File))) nrMacro = n;
                else if (names.Count > 0) why = $"its number '{r.NrText}' is not DRM_COMMAND_BASE + one macro of this header";
            }

            if (why is not null)
            {
                Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlNotExpressible, $"{m.Name}: {why}");
                continue;
            }

            byNumber[code.Nr] = r;
            kept.Add((r, code, nrMacro));
        }

        string codePrefix = CommonPrefix(kept.Select(k => k.Macro.Macro.Name));
        string nrPrefix = driver ? CommonPrefix(kept.Where(k => k.NrMacro is not null).Select(k => k.NrMacro!)) : "";
        if (codePrefix.Length > 0) ioctl["codePrefix"] = codePrefix;
        if (driver) ioctl["nrPrefix"] = nrPrefix.Length > 0 ? nrPrefix : codePrefix;
        spec["ioctl"] = ioctl;

        foreach (var (r, code, nrMacro) in kept)
        {
            var m = r.Macro;
            string name = nrMacro is not null && nrMacro.Length > nrPrefix.Length ? nrMacro[nrPrefix.Length..] : m.Name[codePrefix.Length..];
            if (name.Length == 0 || !Regex.IsMatch(name, "^[A-Z0-9_]+$") || char.IsDigit(name[0]))
            {
                Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlNotExpressible, $"{m.Name}: no ioctl name can be derived from it (prefix '{codePrefix}')");
                continue;
            }

            int nr = driver ? code.Nr - DrmCommandBase : code.Nr;
            var entry = new JsonObject
            {
                ["name"] = name,
                ["nr"] = "0x" + nr.ToString("x2", CultureInfo.InvariantCulture),
                ["dir"] = RequestMacro.Direction(code.Dir),
            };
            string? arg = null;
            if (code.Dir != 0 || r.TypeText is not null)
            {
                if (!_probe.ArgumentTypes.TryGetValue(m.Name, out var typeId))
                {
                    Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlNotExpressible,
                        $"{m.Name}: its argument type '{r.TypeText}' is not a type the compiler knows ({_probe.RejectedArguments.GetValueOrDefault(m.Name, "none given")})");
                    continue;
                }

                arg = _types.Map(typeId, out var why);
                long? bits = _probe.Document.SizeBits(typeId);
                if (arg is null)
                {
                    Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlNotExpressible, $"{m.Name}: its argument type '{r.TypeText}' is {why}");
                    continue;
                }

                if (arg == "pointer") bits = 64;
                if (bits is not { } b || b / 8 != code.Size)
                {
                    Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlSizeMismatch,
                        $"{m.Name}: the request code carries size {code.Size}, but '{r.TypeText}' is {(bits is { } x ? (x / 8).ToString(CultureInfo.InvariantCulture) : "unsized")} bytes");
                    continue;
                }

                entry["arg"] = arg;
                if (code.Dir == 0)
                {
                    Skip("ioctl", m.Name, m.File, m.Line, ImportDiagnostics.IoctlNotExpressible, $"{m.Name}: an _IO request with an argument type");
                    continue;
                }

            }

            string expectedCode = codePrefix + name;
            if (m.Name != expectedCode) entry["code"] = m.Name;
            if (nrMacro is not null) _consumed.Add(nrMacro);
            if (MacroDoc(m) is { } doc) entry["doc"] = doc;
            set.Entries.Add(entry);
            set.ByArg.Add((entry, arg, r));
        }

        return set;
    }

    /// <summary>The longest common prefix of <paramref name="names"/> that ends in '_' (and leaves every name a rest).</summary>
    private static string CommonPrefix(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Count == 0) return "";
        string prefix = list[0];
        foreach (var n in list)
        {
            int i = 0;
            while (i < prefix.Length && i < n.Length && prefix[i] == n[i]) i++;
            prefix = prefix[..i];
        }

        int cut = prefix.LastIndexOf('_');
        prefix = cut < 0 ? "" : prefix[..(cut + 1)];
        while (prefix.Length > 0 && list.Any(n => n.Length == prefix.Length))
        {
            cut = prefix[..^1].LastIndexOf('_');
            prefix = cut < 0 ? "" : prefix[..(cut + 1)];
        }

        return prefix;
    }
}
