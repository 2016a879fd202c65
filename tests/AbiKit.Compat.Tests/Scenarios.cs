namespace AbiKit.Compat.Tests;

/// <summary>One change scenario: edits turning the base spec into the old and the new version, and every change expected,
/// each as "severity id declaration".</summary>
public sealed record Scenario(string Name, (string From, string To)[] OldEdits, (string From, string To)[] NewEdits, string[] Expected, bool Generic = false)
{
    /// <summary>True when the scenario lays out structs differently (the cases an external judge of layouts can see).</summary>
    public bool LayoutLevel => Expected.Any(e => e.Contains("ABC01", StringComparison.Ordinal) || e.Contains("ABC101", StringComparison.Ordinal));

    public override string ToString() => Name;
}

/// <summary>The scenario catalogue.</summary>
public static class Scenarios
{
    private static (string, string)[] E(params (string, string)[] edits) => edits;
    private static readonly (string, string)[] None = [];

    private const string FlagsField = """{ "name": "flags", "type": "demo_flags", "doc": "Flags." },""";
    private const string HandleField = """{ "name": "handle", "type": "demo_handle", "dir": "out", "doc": "Handle." } ] },""";
    private const string ModeA = """{ "name": "DEMO_MODE_A", "value": 0, "doc": "A." },""";
    private const string ModeB = """{ "name": "DEMO_MODE_B", "value": 1, "doc": "B." } ] }""";
    private const string Read = """{ "name": "DEMO_READ", "value": 1, "doc": "Read." },""";
    private const string Write = """{ "name": "DEMO_WRITE", "value": 2, "doc": "Write." } ] }""";
    private const string NameStruct = """, { "name": "demo_name", "doc": "Name.", "fields": [ { "name": "name", "type": "u8", "count": 16, "dir": "out", "doc": "Name." } ] }""";
    private const string NameIoctl = """, { "name": "NAME", "nr": 2, "dir": "out", "arg": "demo_name", "permissions": ["render"], "doc": "Names." }""";
    private const string NamePermissions = "\"arg\": \"demo_name\", \"permissions\": [\"render\"]";
    private const string Creates = """{ "effect": "creates", "object": "handle" }""";
    private const string Destroys = """{ "effect": "destroys", "object": "handle" }""";
    private const string HandleKind = """{ "name": "demo_handle", "type": "u32", "scope": "file", "doc": "A handle." } ]""";
    private const string BufferStruct = """, { "name": "demo_buffer", "doc": "Buffer.", "fields": [ { "name": "data", "type": "ptr", "length": "size", "doc": "Data." }, { "name": "size", "type": "u64", "doc": "Bytes." }, { "name": "count", "type": "u64", "doc": "Bytes too." } ] }""";
    private const string Version2 = "\"version\": 2";
    private const string CacheDefault = """{ "name": "DEMO_CACHE_DEFAULT", "value": "(0 << 4)", "doc": "Default." }""";
    private const string CacheWc = """{ "name": "DEMO_CACHE_WC", "value": "(1 << 4)", "doc": "Write-combined." }""";
    private const string CacheUc = """{ "name": "DEMO_CACHE_UC", "value": "(2 << 4)", "doc": "Uncached." }""";
    private static string CacheField(string bits, params string[] values) =>
        Write.Replace(" ] }", $" ], \"fields\": [ {{ \"name\": \"DEMO_CACHE\", \"bits\": \"{bits}\", \"doc\": \"Cache.\", \"values\": [ {string.Join(", ", values)} ] }} ] }}", StringComparison.Ordinal);
    private const string Handles = "\"handles\": [";
    private static (string, string) Constants(string constants) => (Handles, $"\"constants\": [ {constants} ], {Handles}");
    private const string Limit = """{ "name": "DEMO_LIMIT", "value": 64, "doc": "Limit." }""";
    private static readonly (string, string) NameLength = ("\"count\": 16", "\"count\": \"DEMO_NAME_LEN\"");
    private static string NameLen(string length) => $$"""{ "name": "DEMO_NAME_LEN", "value": {{length}}, "doc": "Name length." }""";
    private static (string, string) Cloexec(string expected) =>
        ("\"ioctls\": [", $$"""
            "includes": [ { "header": "<fcntl.h>", "constants": [ { "name": "O_CLOEXEC", "value": "{{expected}}" } ] } ],
            "ioctls": [
            """);
    private static readonly (string, string) CloexecFlag = (Write, Write.Replace(" ] }", ", { \"name\": \"DEMO_CLOEXEC\", \"value\": \"O_CLOEXEC\", \"doc\": \"Close on exec.\" } ] }", StringComparison.Ordinal));
    private static readonly (string, string) Bump = ("\"version\": 1", Version2);
    private static readonly (string, string)[] WithoutName = E((NameStruct, ""), (NameIoctl, ""));

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("identical", None, None, []),
        new("struct doc changed", None, E(("\"doc\": \"Create.\"", "\"doc\": \"Creates a buffer.\"")), ["info ABC200 struct demo_create"]),
        new("version bumped", None, E(Bump), ["info ABC201 family demo"]),
        new("field removed", None, E((FlagsField, "")),
            ["breaking ABC014 struct demo_create.flags", "breaking ABC015 struct demo_create.handle", "breaking ABC011 struct demo_create", "breaking ABC034 ioctl CREATE"]),
        new("field narrowed u64 to u32", None, E(("""{ "name": "size", "type": "u64", """, """{ "name": "size", "type": "u32", """)),
            ["breaking ABC016 struct demo_create.size", "breaking ABC017 struct demo_create.size", "breaking ABC015 struct demo_create.flags",
             "breaking ABC015 struct demo_create.handle", "breaking ABC011 struct demo_create", "breaking ABC034 ioctl CREATE"]),
        new("field retyped, same size", None, E(("\"type\": \"demo_flags\", \"doc\": \"Flags.\"", "\"type\": \"u32\", \"doc\": \"Flags.\"")),
            ["breaking ABC016 struct demo_create.flags"]),
        new("fields reordered", None, E((FlagsField, HandleField.Replace(" ] },", ",")), (HandleField, FlagsField.TrimEnd(',') + " ] },")),
            ["breaking ABC013 struct demo_create", "breaking ABC015 struct demo_create.flags", "breaking ABC015 struct demo_create.handle"]),
        new("field inserted", None, E((FlagsField, """{ "name": "extra", "type": "u64", "doc": "X." }, """ + FlagsField)),
            ["breaking ABC015 struct demo_create.flags", "breaking ABC015 struct demo_create.handle", "breaking ABC018 struct demo_create.extra",
             "breaking ABC012 struct demo_create", "breaking ABC034 ioctl CREATE"]),
        new("field appended with since", None, E(Bump, (HandleField, HandleField.Replace(" ] },", ", { \"name\": \"offset\", \"type\": \"u64\", \"dir\": \"out\", \"since\": 2, \"doc\": \"Offset.\" } ] },"))),
            ["info ABC201 family demo", "compatible ABC101 struct demo_create.offset", "compatible ABC107 ioctl CREATE"]),
        new("field appended without since", None, E((HandleField, HandleField.Replace(" ] },", ", { \"name\": \"offset\", \"type\": \"u64\", \"dir\": \"out\", \"doc\": \"Offset.\" } ] },"))),
            ["breaking ABC019 struct demo_create.offset", "breaking ABC012 struct demo_create", "breaking ABC034 ioctl CREATE"]),
        new("field appended with since, generic family", None, E(Bump, (HandleField, HandleField.Replace(" ] },", ", { \"name\": \"offset\", \"type\": \"u64\", \"dir\": \"out\", \"since\": 2, \"doc\": \"Offset.\" } ] },"))),
            ["info ABC201 family demo", "compatible ABC101 struct demo_create.offset", "breaking ABC034 ioctl CREATE"], Generic: true),
        new("reserved dropped", None, E(("\"reserved\": true", "\"reserved\": false")), ["breaking ABC020 struct demo_close.pad"]),
        new("field became reserved", E(("\"reserved\": true", "\"reserved\": false")), None, ["breaking ABC021 struct demo_close.pad"]),
        new("field direction changed", None, E(("\"type\": \"demo_handle\", \"dir\": \"out\"", "\"type\": \"demo_handle\", \"dir\": \"inout\"")),
            ["breaking ABC022 struct demo_create.handle"]),
        new("array grown", None, E(("\"count\": 16", "\"count\": 32")),
            ["breaking ABC017 struct demo_name.name", "breaking ABC012 struct demo_name", "breaking ABC034 ioctl NAME"]),
        new("array shrunk", None, E(("\"count\": 16", "\"count\": 8")),
            ["breaking ABC017 struct demo_name.name", "breaking ABC011 struct demo_name", "breaking ABC034 ioctl NAME"]),
        new("struct and its ioctl removed", None, WithoutName, ["breaking ABC010 struct demo_name", "breaking ABC030 ioctl NAME"]),
        new("struct and ioctl added", WithoutName, None, ["compatible ABC100 struct demo_name", "compatible ABC102 ioctl NAME"]),
        new("ioctl removed", None, E((NameIoctl, "")), ["breaking ABC030 ioctl NAME"]),
        new("ioctl renumbered", None, E(("\"nr\": 2", "\"nr\": 3")), ["breaking ABC031 ioctl NAME", "breaking ABC034 ioctl NAME"]),
        new("ioctl direction changed", None, E(("\"nr\": 1, \"dir\": \"in\"", "\"nr\": 1, \"dir\": \"inout\"")), ["breaking ABC032 ioctl CLOSE", "breaking ABC034 ioctl CLOSE"]),
        new("ioctl argument changed, same layout", None,
            E((NameStruct, NameStruct + """, { "name": "demo_close2", "doc": "Close.", "fields": [ { "name": "handle", "type": "demo_handle", "doc": "Handle." }, { "name": "pad", "type": "u32", "reserved": true, "doc": "Zero." } ] }"""),
              ("\"arg\": \"demo_close\"", "\"arg\": \"demo_close2\"")),
            ["compatible ABC100 struct demo_close2", "breaking ABC033 ioctl CLOSE"]),
        new("ioctl renamed", None, E(("\"name\": \"CLOSE\"", "\"name\": \"DESTROY\"")), ["breaking ABC038 ioctl DESTROY"]),
        new("ioctl added", None, E((NameIoctl, NameIoctl + """, { "name": "INFO", "nr": 3, "dir": "out", "arg": "demo_name", "permissions": ["render"], "doc": "Info." }""")),
            ["compatible ABC102 ioctl INFO"]),
        new("render removed", None, E((NamePermissions, "\"arg\": \"demo_name\", \"permissions\": []")), ["breaking ABC035 ioctl NAME"]),
        new("auth added", None, E((NamePermissions, "\"arg\": \"demo_name\", \"permissions\": [\"render\", \"auth\"]")), ["breaking ABC035 ioctl NAME"]),
        new("render added", E((NamePermissions, "\"arg\": \"demo_name\", \"permissions\": []")), None, ["compatible ABC105 ioctl NAME"]),
        new("master dropped", E((NamePermissions, "\"arg\": \"demo_name\", \"permissions\": [\"render\", \"master\"]")), None, ["compatible ABC105 ioctl NAME"]),
        new("stops creating", None, E((Creates, "")), ["breaking ABC036 ioctl CREATE"]),
        new("starts pinning", None, E((Destroys, """{ "effect": "pins", "object": "handle" }, """ + Destroys)), ["breaking ABC037 ioctl CLOSE"]),
        new("enum value removed", None, E((ModeA, ModeA.TrimEnd(',')), (ModeB, "] }")), ["breaking ABC042 enum demo_mode.DEMO_MODE_B"]),
        new("enum value renumbered", None, E(("\"value\": 1, \"doc\": \"B.\"", "\"value\": 2, \"doc\": \"B.\"")), ["breaking ABC043 enum demo_mode.DEMO_MODE_B"]),
        new("enum value renamed", None, E(("DEMO_MODE_B", "DEMO_MODE_BETTER")), ["breaking ABC044 enum demo_mode.DEMO_MODE_BETTER"]),
        new("enum value reused", None, E(("\"value\": 0, \"doc\": \"A.\"", "\"value\": 2, \"doc\": \"A.\""), (ModeB, ModeB.Replace(" ] }", ", { \"name\": \"DEMO_MODE_C\", \"value\": 0, \"doc\": \"C.\" } ] }"))),
            ["breaking ABC043 enum demo_mode.DEMO_MODE_A", "breaking ABC045 enum demo_mode.DEMO_MODE_C"]),
        new("enum alias added", None, E((ModeB, ModeB.Replace(" ] }", ", { \"name\": \"DEMO_MODE_DEFAULT\", \"value\": 0, \"doc\": \"Alias of A.\" } ] }"))), ["compatible ABC104 enum demo_mode.DEMO_MODE_DEFAULT"]),
        new("enum value added", None, E((ModeB, ModeB.Replace(" ] }", ", { \"name\": \"DEMO_MODE_C\", \"value\": 2, \"doc\": \"C.\" } ] }"))), ["compatible ABC104 enum demo_mode.DEMO_MODE_C"]),
        new("enum base retyped", None, E(("\"name\": \"demo_mode\", \"type\": \"u32\"", "\"name\": \"demo_mode\", \"type\": \"u64\"")), ["breaking ABC041 enum demo_mode"]),
        new("flag removed (mask narrowed)", None, E((Read, Read.TrimEnd(',')), (Write, "] }")), ["breaking ABC046 flags demo_flags", "breaking ABC042 flags demo_flags.DEMO_WRITE"]),
        new("flag bit moved", None, E(("\"value\": 2, \"doc\": \"Write.\"", "\"value\": 4, \"doc\": \"Write.\"")), ["breaking ABC046 flags demo_flags", "breaking ABC043 flags demo_flags.DEMO_WRITE"]),
        new("flag renamed", None, E(("DEMO_WRITE", "DEMO_WR")), ["breaking ABC044 flags demo_flags.DEMO_WR"]),
        new("flag added (mask widened)", None, E((Write, Write.Replace(" ] }", ", { \"name\": \"DEMO_EXEC\", \"value\": 4, \"doc\": \"Exec.\" } ] }"))), ["compatible ABC104 flags demo_flags.DEMO_EXEC"]),
        new("flag set widened to u64", None, E(("\"name\": \"demo_flags\", \"type\": \"u32\"", "\"name\": \"demo_flags\", \"type\": \"u64\"")),
            ["breaking ABC041 flags demo_flags", "breaking ABC016 struct demo_create.flags", "breaking ABC017 struct demo_create.flags",
             "breaking ABC015 struct demo_create.handle", "breaking ABC012 struct demo_create", "breaking ABC034 ioctl CREATE"]),
        new("enum removed", None, E(("""{ "name": "demo_mode", "type": "u32", "doc": "Modes.", "values": [""", """{ "name": "demo_other", "type": "u32", "doc": "Modes.", "values": [""")),
            ["breaking ABC040 enum demo_mode", "compatible ABC103 enum demo_other"]),
        new("flag's CPU access changed", None, E((Read, Read.Replace("\"doc\": \"Read.\"", "\"access\": \"read\", \"doc\": \"Read.\"", StringComparison.Ordinal))),
            ["breaking ABC047 flags demo_flags.DEMO_READ"]),
        new("handle kind added", None, E((HandleKind, HandleKind.Replace(" ]", ", { \"name\": \"demo_fence\", \"type\": \"u32\", \"doc\": \"A fence.\" } ]", StringComparison.Ordinal))),
            ["compatible ABC106 handle demo_fence"]),
        new("handle kind removed", E((HandleKind, HandleKind.Replace(" ]", ", { \"name\": \"demo_fence\", \"type\": \"u32\", \"doc\": \"A fence.\" } ]", StringComparison.Ordinal))), None,
            ["breaking ABC050 handle demo_fence"]),
        new("recorded Linux difference added", None, E(("\"doc\": \"Names.\"", "\"doc\": \"Names.\", \"linuxDifferences\": [ { \"case\": \"demo.name\", \"abikit\": \"EINVAL\", \"reason\": \"Stricter.\" } ]")),
            ["info ABC203 ioctl NAME"]),
        new("user pointer's length field changed", E((NameStruct, NameStruct + BufferStruct)), E((NameStruct, NameStruct + BufferStruct.Replace("\"length\": \"size\"", "\"length\": \"count\"", StringComparison.Ordinal))),
            ["breaking ABC023 struct demo_buffer.data"]),
        new("handle made global", None, E(("\"scope\": \"file\"", "\"scope\": \"global\"")), ["breaking ABC051 handle demo_handle"]),
        new("ioctl type byte changed", None, E(("\"type\": \"x\"", "\"type\": \"y\"")),
            ["breaking ABC001 family demo", "breaking ABC034 ioctl CREATE", "breaking ABC034 ioctl CLOSE", "breaking ABC034 ioctl NAME"], Generic: true),
        new("C# name changed", None, E(("\"name\": \"CREATE\",", "\"name\": \"CREATE\", \"csName\": \"Make\",")), ["info ABC202 ioctl CREATE"]),
        new("ioctl deprecated", None, E(("\"doc\": \"Names.\"", "\"doc\": \"Names.\", \"deprecated\": \"Use INFO.\"")), ["compatible ABC108 ioctl NAME"]),
        new("field renamed", None, E(("{ \"name\": \"flags\", \"type\": \"demo_flags\"", "{ \"name\": \"mode_flags\", \"type\": \"demo_flags\"")),
            ["breaking ABC024 struct demo_create.mode_flags"]),
        new("reserved pad named and given a meaning", None, E(("{ \"name\": \"pad\", \"type\": \"u32\", \"reserved\": true", "{ \"name\": \"flags\", \"type\": \"u32\", \"reserved\": false")),
            ["breaking ABC024 struct demo_close.flags", "breaking ABC020 struct demo_close.pad"]),
        new("struct renamed", None, E(("{ \"name\": \"demo_name\", \"doc\"", "{ \"name\": \"demo_label\", \"doc\""), ("\"arg\": \"demo_name\"", "\"arg\": \"demo_label\"")),
            ["breaking ABC025 struct demo_label"]),
        new("flag added over part of another", None, E((Write, Write.Replace(" ] }", ", { \"name\": \"DEMO_EXEC\", \"value\": 6, \"doc\": \"Exec.\" } ] }"))),
            ["breaking ABC048 flags demo_flags.DEMO_EXEC"]),
        new("flag alias of whole flags added", None, E((Write, Write.Replace(" ] }", ", { \"name\": \"DEMO_RW\", \"value\": 3, \"doc\": \"Both.\" } ] }"))),
            ["compatible ABC104 flags demo_flags.DEMO_RW"]),
        new("flag field added", None, E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc))), ["compatible ABC103 flag field demo_flags.DEMO_CACHE"]),
        new("flag field removed", E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc))), None, ["breaking ABC040 flag field demo_flags.DEMO_CACHE", "breaking ABC046 flags demo_flags"]),
        new("flag field value added", E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc))), E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc, CacheUc))),
            ["compatible ABC104 flag field demo_flags.DEMO_CACHE.DEMO_CACHE_UC"]),
        new("flag field value removed", E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc, CacheUc))), E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc))),
            ["breaking ABC042 flag field demo_flags.DEMO_CACHE.DEMO_CACHE_UC"]),
        new("flag field narrowed", E((Write, CacheField("(3 << 4)", CacheDefault, CacheWc))), E((Write, CacheField("(1 << 4)", CacheDefault, CacheWc))),
            ["breaking ABC046 flag field demo_flags.DEMO_CACHE", "breaking ABC046 flags demo_flags"]),
        new("constant added", None, E(Constants(Limit)), ["compatible ABC109 constant DEMO_LIMIT"]),
        new("constant removed", E(Constants(Limit)), None, ["breaking ABC060 constant DEMO_LIMIT"]),
        new("constant's value changed", E(Constants(Limit)), E(Constants(Limit.Replace("64", "128", StringComparison.Ordinal))), ["breaking ABC061 constant DEMO_LIMIT"]),
        new("constant rewritten as an expression of the same value", E(Constants(Limit)), E(Constants(Limit.Replace("64", "\"(1 << 6)\"", StringComparison.Ordinal))), []),
        new("constant sizing an array changed", E(Constants(NameLen("16")), NameLength), E(Constants(NameLen("32")), NameLength),
            ["breaking ABC061 constant DEMO_NAME_LEN", "breaking ABC017 struct demo_name.name", "breaking ABC012 struct demo_name", "breaking ABC034 ioctl NAME"]),
        new("array length given a name", None, E(Constants(NameLen("16")), NameLength), ["compatible ABC109 constant DEMO_NAME_LEN"]),
        new("constant of another header named", None, E(Cloexec("02000000"), CloexecFlag),
            ["info ABC204 included constant O_CLOEXEC", "compatible ABC104 flags demo_flags.DEMO_CLOEXEC"]),
        new("expected value of another header's constant changed", E(Cloexec("02000000"), CloexecFlag), E(Cloexec("0x100000"), CloexecFlag),
            ["breaking ABC062 included constant O_CLOEXEC", "breaking ABC043 flags demo_flags.DEMO_CLOEXEC", "breaking ABC046 flags demo_flags"]),
        new("struct became union", None, E(("{ \"name\": \"demo_name\", \"doc\"", "{ \"name\": \"demo_name\", \"kind\": \"union\", \"doc\"")), ["breaking ABC010 struct demo_name", "compatible ABC100 union demo_name"]),
    ];
}
