using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AbiKit.TestSupport;

/// <summary>
/// The output of <c>abikit layout &lt;spec&gt; --arch x86_64|i386 --format json</c>, and the same
/// facts as measured by the C compiler (<see cref="LayoutProbe"/>):
/// <c>{"arch":"x86_64","structs":[{"name":…,"size":…,"align":…,"fields":[{"name":…,"offset":…,"size":…}]}],"ioctls":[{"name":…,"code":"0xC010645B"}]}</c>.
/// Records hold lists, so record equality is by reference there; compare with <see cref="LayoutProbe.Compare"/>.
/// </summary>
/// <param name="Arch"><c>x86_64</c> or <c>i386</c>.</param>
/// <param name="Structs">Every struct, by C tag.</param>
/// <param name="Ioctls">Every ioctl request macro.</param>
public sealed record LayoutReport(
    [property: JsonPropertyName("arch")] string Arch,
    [property: JsonPropertyName("structs")] IReadOnlyList<StructReport> Structs,
    [property: JsonPropertyName("ioctls")] IReadOnlyList<IoctlReport> Ioctls)
{
    /// <summary>
    /// Strict options for this schema: every property required, non-null where declared so,
    /// unknown properties rejected (the tool is meant to print exactly this shape).
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonSerializerOptions IndentedOptions = new(JsonOptions) { WriteIndented = true };

    /// <summary>The report's ABI as the model names it.</summary>
    /// <exception cref="ArgumentException"><see cref="Arch"/> is not an ABI AbiKit knows.</exception>
    [JsonIgnore]
    public AbiKit.Model.Arch TargetArch => AbiKit.Model.Arches.TryParse(Arch, out var arch)
        ? arch
        : throw new ArgumentException($"Unknown architecture '{Arch}'.", nameof(Arch));

    /// <summary>Parses the JSON printed by <c>abikit layout --format json</c> (strict; see <see cref="JsonOptions"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">The text is not exactly this shape; the message quotes the start of the text.</exception>
    public static LayoutReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<LayoutReport>(json, JsonOptions)
                ?? throw new JsonException("The layout JSON is 'null'.");
        }
        catch (JsonException ex)
        {
            var head = json.Length > 400 ? json[..400] + "…" : json;
            throw new JsonException($"Not a layout report ({ex.Message}). Text was: {head}", ex);
        }
    }

    /// <summary>Serialises to the same JSON shape.</summary>
    /// <param name="indented">Pretty-print (for snapshots and messages).</param>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? IndentedOptions : JsonOptions);

    /// <summary>Finds a struct by C tag, or null.</summary>
    /// <param name="name">The struct tag, without <c>struct</c>.</param>
    public StructReport? FindStruct(string name) => Structs.FirstOrDefault(s => s.Name == name);

    /// <summary>Finds an ioctl by macro name, or null.</summary>
    /// <param name="name">The macro name.</param>
    public IoctlReport? FindIoctl(string name) => Ioctls.FirstOrDefault(i => i.Name == name);
}

/// <summary>One struct's layout.</summary>
/// <param name="Name">The C struct tag (as in <c>struct NAME</c>).</param>
/// <param name="Size"><c>sizeof(struct NAME)</c>.</param>
/// <param name="Align"><c>_Alignof(struct NAME)</c> (the ABI alignment).</param>
/// <param name="Fields">The members, in declaration order.</param>
/// <param name="Kind"><c>union</c> for a union (spelled <c>union NAME</c>); absent (null) for a struct.</param>
public sealed record StructReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("align")] long Align,
    [property: JsonPropertyName("fields")] IReadOnlyList<FieldReport> Fields,
    [property: JsonPropertyName("kind"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null)
{
    /// <summary>The C type: <c>struct NAME</c> or <c>union NAME</c>.</summary>
    [JsonIgnore]
    public string CType => (Kind ?? "struct") + " " + Name;

    /// <summary>Finds a field by C name, or null.</summary>
    /// <param name="name">The member name.</param>
    public FieldReport? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>One struct member.</summary>
/// <param name="Name">The C member name (a designator such as <c>a.b</c> is allowed for nested members).</param>
/// <param name="Offset"><c>offsetof(struct S, NAME)</c> in bytes.</param>
/// <param name="Size"><c>sizeof</c> of the member (a whole array for array members; 0 for a flexible array member).</param>
public sealed record FieldReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("size")] long Size);

/// <summary>One ioctl request code.</summary>
/// <param name="Name">The C macro name, e.g. <c>DRM_IOCTL_I915_GEM_CREATE</c>.</param>
/// <param name="Code">The value as <c>0x</c> plus 8 upper-case hex digits, e.g. <c>0xC010645B</c>.</param>
public sealed record IoctlReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("code")] string Code)
{
    /// <summary>Creates a report from a numeric code, formatted canonically.</summary>
    /// <param name="name">The macro name.</param>
    /// <param name="code">The request code.</param>
    public static IoctlReport FromValue(string name, uint code) => new(name, FormatCode(code));

    /// <summary>The numeric value of <see cref="Code"/>, or null if it is not <c>0x</c>-prefixed hex that fits 32 bits.</summary>
    [JsonIgnore]
    public uint? Value =>
        Code.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        && uint.TryParse(Code.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;

    /// <summary>Formats a code the way the tool must: <c>0x</c> and 8 upper-case hex digits.</summary>
    /// <param name="code">The request code.</param>
    public static string FormatCode(uint code) => "0x" + code.ToString("X8", CultureInfo.InvariantCulture);
}
