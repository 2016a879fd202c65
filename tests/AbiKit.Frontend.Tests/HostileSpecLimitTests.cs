using System.Runtime.InteropServices;
using AbiKit.Frontend;
using AbiKit.TestSupport;

namespace AbiKit.Frontend.Tests;

/// <summary>A spec is untrusted input: names that would inject into generated code, imports that would read outside
/// the spec's tree or never return, sizes that would wrap, and inputs that cost more than linear are located errors.</summary>
public class HostileSpecLimitTests
{
    private static string Struct(string name, string fields) => $$"""{ "name": "{{name}}", "fields": [ {{fields}} ] }""";

    private static string OneStruct(string fieldName) => InMemorySpecs.Spec($$"""
        "structs": [ { "name": "demo_args", "fields": [ { "name": {{fieldName}}, "type": "u64" } ] } ]
        """);

    [Theory]
    [InlineData("\"handle\\n\"")]
    [InlineData("\"handle\\r\\n#error injected\"")]
    [InlineData("\"han dle\"")]
    [InlineData("\"handle\\u2028\"")]
    [InlineData("\"h\\u00e9\"")]
    [InlineData("\"int\"")]
    [InlineData("\"class\"")]
    public void A_name_that_is_no_C_identifier_is_refused_where_it_is_written(string name)
    {
        var d = InMemorySpecs.LoadOne(OneStruct(name)).Single("ABI104");
        Assert.Equal(5, d.Position.Line);
        Assert.DoesNotContain('\n', d.Message);
    }

    [Fact]
    public void A_csName_that_is_a_CSharp_keyword_is_refused()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "demo_args", "fields": [ { "name": "value", "csName": "object", "type": "u64" } ] } ]
            """));
        Assert.Contains("C# keyword", result.Single("ABI104").Message);
    }

    [Fact]
    public void A_type_csName_of_only_lower_case_letters_is_refused()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "demo_args", "csName": "none", "fields": [ { "name": "value", "csName": "none", "type": "u64" } ] } ]
            """));
        Assert.Contains("CS8981", result.Single("ABI104").Message);
    }

    [Theory]
    [InlineData("""{ "name": "a_b", "type": "u32" }, { "name": "a__b", "type": "u32" }""", "as is a_b")]
    [InlineData("""{ "name": "value", "csName": "ToString", "type": "u64" }""", "hide the inherited")]
    [InlineData("""{ "name": "data", "type": "u32", "count": 2 }, { "name": "data_array", "type": "u64" }""", "DataArray")]
    public void Fields_whose_CSharp_names_meet_are_refused(string fields, string message)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "demo_args", "fields": [ {{fields}} ] } ]
            """));
        Assert.Contains(message, result.Single("ABI200").Message);
    }

    [Fact]
    public void Types_whose_CSharp_names_meet_are_refused()
    {
        // demo_args loses the family prefix: both are C# struct Args.
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "demo_args", "fields": [ { "name": "a", "type": "u64" } ] }, { "name": "args", "fields": [ { "name": "a", "type": "u64" } ] } ]
            """));
        Assert.Contains("C# type Args, as is struct demo_args", result.Single("ABI200").Message);
    }

    [Fact]
    public void An_overlong_identifier_is_refused()
        => InMemorySpecs.LoadOne(OneStruct("\"" + new string('a', 200) + "\"")).Single("ABI104");

    [Theory]
    [InlineData("handle")]
    [InlineData("demo_args")]
    [InlineData("DRM_IOWR")]
    [InlineData("IOC_IN")]
    public void A_macro_named_like_a_field_struct_or_header_helper_is_refused(string flag)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "flags": [ { "name": "demo_flags", "type": "u32", "flags": [ { "name": "{{flag}}", "value": 1 } ] } ],
            "structs": [ { "name": "demo_args", "fields": [ { "name": "handle", "type": "u32" }, { "name": "flags", "type": "demo_flags" } ] } ]
            """));
        var d = result.Single("ABI200");
        Assert.Equal(5, d.Position.Line);
        Assert.Contains(flag, d.Message);
    }

    [Fact]
    public void A_macro_defined_as_an_enum_value_and_as_a_flag_is_refused_even_with_one_value()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "demo_kind", "type": "u32", "values": [ { "name": "DEMO_TWO", "value": 2 } ] } ],
            "flags": [ { "name": "demo_flags", "type": "u32", "flags": [ { "name": "DEMO_TWO", "value": 2 } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI200" && d.Message.Contains("defined as the flag set demo_flags and as the enum demo_kind"));
    }

    [Theory]
    [InlineData("__demo")]
    [InlineData("_Demo")]
    public void A_name_C_reserves_for_the_implementation_is_refused_except_for_struct_members(string name)
    {
        var asStruct = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "{{name}}", "fields": [ { "name": "a", "type": "u64" } ] } ]
            """));
        Assert.Contains("reserves", asStruct.Single("ABI104").Message);
        // Members are in their struct's own name space, and the kernel's uapi uses such names (__pad in
        // udmabuf_create_item): accepted, while a keyword is not.
        Assert.DoesNotContain(InMemorySpecs.LoadOne(OneStruct($"\"{name}\"")).Diagnostics, d => d.Severity == AbiKit.Frontend.Diagnostics.Severity.Error);
        Assert.Contains("keyword", InMemorySpecs.LoadOne(OneStruct("\"int\"")).Single("ABI104").Message);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/etc/passwd.abi.json")]
    [InlineData("../outside.abi.json")]
    [InlineData("sub/../../outside.abi.json")]
    [InlineData("sub\\\\x.abi.json")]
    [InlineData("lib.json")]
    [InlineData("lib.abi.json\\n")]
    public void An_import_outside_the_specs_tree_or_of_no_spec_file_is_refused_before_it_is_read(string import)
    {
        var files = new CountingSpecs();
        var result = new SpecLoader(files).LoadText("dir/test.abi.json", InMemorySpecs.Spec($"\"imports\": [\"{import}\"]"));
        var d = result.Single("ABI105");
        Assert.Equal(5, d.Position.Line);
        Assert.Equal(0, files.Reads);
    }

    [Fact]
    public void Imports_in_subdirectories_and_dotted_segments_resolve()
    {
        var files = new InMemorySpecs()
            .Add("dir/sub/lib.abi.json", InMemorySpecs.Spec("\"handles\": [ { \"name\": \"lib_handle\", \"type\": \"u32\" } ]", "lib"));
        var result = new SpecLoader(files).LoadText("dir/test.abi.json", InMemorySpecs.Spec("\"imports\": [\"./sub/lib.abi.json\"]"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "ABI105");
    }

    [Fact]
    public void An_import_chain_deeper_than_the_limit_is_a_located_error_not_a_stack_overflow()
    {
        var files = new InMemorySpecs();
        const int Chain = 2000;
        for (int i = 0; i < Chain; i++)
            files.Add($"s{i}.abi.json", InMemorySpecs.Spec(i + 1 < Chain ? $"\"imports\": [\"s{i + 1}.abi.json\"]" : "", $"s{i}"));
        var result = new SpecLoader(files).Load("s0.abi.json");
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI105" && d.Message.Contains($"more than {SpecLimits.MaxImportDepth} specs deep"));
        Assert.Null(result.Model);
    }

    [Fact]
    public void More_imported_files_than_the_limit_are_a_located_error()
    {
        var files = new InMemorySpecs();
        int count = SpecLimits.MaxSpecFiles + 10;
        for (int i = 0; i < count; i++) files.Add($"l{i}.abi.json", InMemorySpecs.Spec("", $"l{i}"));
        string imports = string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"l{i}.abi.json\""));
        var result = files.Load(InMemorySpecs.Spec($"\"imports\": [{imports}]"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI105" && d.Message.Contains($"more than {SpecLimits.MaxSpecFiles} spec files"));
    }

    [Fact]
    public void The_disk_reader_refuses_devices_and_directories_without_reading_them()
    {
        Assert.False(PhysicalSpecFileSystem.Instance.TryReadText("/dev/zero", out _, out var zero));
        Assert.Contains("not a regular file", zero);
        Assert.False(PhysicalSpecFileSystem.Instance.TryReadText("/tmp", out _, out var directory));
        Assert.Contains("directory", directory);
    }

    [Fact]
    public async Task The_disk_reader_refuses_a_fifo_without_opening_it()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-fifo");
        string fifo = Path.Combine(dir, "spec.abi.json");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        // Opening a FIFO for reading blocks until a writer comes; the guard turns a regression into a failure, not a hang.
        var read = Task.Run(() => (Ok: PhysicalSpecFileSystem.Instance.TryReadText(fifo, out _, out var error), Error: error));
        var (ok, error) = await read.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(ok);
        Assert.Contains("not a regular file", error);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo(string path, uint mode);

    [Fact]
    public void The_disk_reader_refuses_a_file_beyond_the_size_limit()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-big");
        string big = Path.Combine(dir, "big.abi.json");
        using (var stream = File.Create(big)) stream.SetLength(SpecLimits.MaxSpecChars + 1L);
        Assert.False(PhysicalSpecFileSystem.Instance.TryReadText(big, out _, out var error));
        Assert.Contains("limited", error);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [InlineData("linked.abi.json", "linked.abi.json")]   // the imported file is a link
    [InlineData("sub/base.abi.json", "sub")]              // a directory on the way is a link
    public void An_import_through_a_symbolic_link_is_refused_without_reading_it(string import, string link)
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-link");
        string outside = NativeToolchain.CreateTempDirectory("abikit-outside");
        File.WriteAllText(Path.Combine(outside, "base.abi.json"), InMemorySpecs.Spec("", "secret"));
        File.CreateSymbolicLink(Path.Combine(dir, "linked.abi.json"), Path.Combine(outside, "base.abi.json"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "sub"), outside);
        string top = Path.Combine(dir, "top.abi.json");
        File.WriteAllText(top, InMemorySpecs.Spec($"\"imports\": [\"{import}\"]"));

        var result = new SpecLoader().Load(top);

        var d = result.Diagnostics.Single(d => d.Id == "ABI105");
        Assert.Contains($"symbolic link '{link}'", d.Message);
        Assert.Equal(top, d.Path);
        Assert.Null(result.Model);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("secret"));
        NativeToolchain.DeleteTempDirectory(dir);
        NativeToolchain.DeleteTempDirectory(outside);
    }

    [Fact]
    public void The_top_level_spec_may_be_a_link_and_its_real_imports_resolve()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-toplink");
        Directory.CreateDirectory(Path.Combine(dir, "specs"));
        File.WriteAllText(Path.Combine(dir, "specs", "base.abi.json"), InMemorySpecs.Spec("", "base"));
        File.WriteAllText(Path.Combine(dir, "specs", "top.abi.json"), InMemorySpecs.Spec("\"imports\": [\"base.abi.json\"]"));
        string link = Path.Combine(dir, "top-link.abi.json");
        File.CreateSymbolicLink(link, Path.Combine(dir, "specs", "top.abi.json"));
        // A link to the spec and an import beside the link: the import is looked up where the user pointed, and
        // the link itself is the user's choice, not the spec's.
        File.WriteAllText(Path.Combine(dir, "base.abi.json"), InMemorySpecs.Spec("", "base"));

        var result = new SpecLoader().Load(link);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void Nested_array_counts_that_overflow_an_int_are_refused_not_wrapped()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [
              {{Struct("demo_inner", """{ "name": "v", "type": "u64", "count": 16383 }""")}},
              {{Struct("demo_middle", """{ "name": "v", "type": "demo_inner", "count": 16383 }""")}},
              {{Struct("demo_outer", """{ "name": "v", "type": "demo_middle", "count": 3 }""")}}
            ]
            """));
        var d = result.Single("ABI212");
        Assert.Contains("demo_middle", d.Message);
        Assert.Null(result.Model);
    }

    [Fact]
    public void Thousands_of_nested_structs_are_a_located_error_not_a_stack_overflow()
    {
        const int Depth = 8000;
        var structs = Enumerable.Range(0, Depth).Select(i =>
            Struct($"demo_s{i}", i + 1 < Depth ? $$"""{ "name": "v", "type": "demo_s{{i + 1}}" }""" : """{ "name": "v", "type": "u64" }"""));
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($"\"structs\": [ {string.Join(",\n", structs)} ]"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI212" && d.Message.Contains("nested"));
    }

    [Fact]
    public void A_number_of_thousands_of_digits_is_refused()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "enums": [ { "name": "demo_kind", "type": "u32", "values": [ { "name": "DEMO_A", "value": {{new string('9', 400_000)}} } ] } ]
            """));
        Assert.Contains("limited to", result.Single("ABI104").Message);
    }

    [Fact]
    public void A_huge_unknown_key_is_reported_without_a_suggestion()
    {
        string key = new string('k', 2 * 1024 * 1024);
        var d = InMemorySpecs.LoadOne(InMemorySpecs.Spec($"\"{key}\": 1")).Single("ABI101");
        Assert.Contains("allowed keys", d.Message);
    }

    [Fact]
    public void A_spec_beyond_the_size_limit_is_refused_at_its_start()
    {
        string text = InMemorySpecs.Spec("") + new string(' ', SpecLimits.MaxSpecChars);
        var d = InMemorySpecs.LoadOne(text).Single("ABI100");
        Assert.Equal((1, 1), (d.Position.Line, d.Position.Column));
    }

    [Fact]
    public void A_one_line_spec_locates_its_diagnostics_on_that_line()
    {
        // Before the line map counted on from its last answer, every position re-counted the line from its start.
        string members = string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"\"unknown{i}\": 1"));
        string text = InMemorySpecs.Spec(members).Replace("\n", " ");
        var result = InMemorySpecs.LoadOne(text);
        var unknown = result.Diagnostics.Where(d => d.Id == "ABI101").ToList();
        Assert.Equal(2000, unknown.Count);
        Assert.All(unknown, d => Assert.Equal(1, d.Position.Line));
        Assert.Equal(text.IndexOf("\"unknown1999\"", StringComparison.Ordinal) + 1, unknown[^1].Position.Column);
    }

    [Theory]
    [InlineData("{\n  \"family\": \"éééééééé\" x\n}")]
    [InlineData("{\n  \"family\": \"日本語日本語\"")]
    [InlineData("{\"a\": \"é\",\n\"b\": tru")]
    [InlineData("{\n  \"\U000EAAAA\U000EAAAA,\n  \"b\": 1 }")] // found by AFL: a string broken by a line end after astral characters
    public void A_reader_error_points_inside_its_line_in_characters(string text)
    {
        var d = InMemorySpecs.LoadOne(text).Single("ABI100");
        var lines = text.Split('\n');
        Assert.InRange(d.Position.Line, 1, lines.Length);
        Assert.InRange(d.Position.Column, 1, lines[d.Position.Line - 1].Length + 1);
    }

    [Theory]
    [InlineData("😀")]          // outside the BMP: two UTF-16 units, one code point, four UTF-8 bytes
    [InlineData("é😀日本")]
    public void Columns_count_UTF16_units_as_Roslyn_and_editors_do(string text)
    {
        string spec = "{\n  \"family\": \"x\", \"doc\": \"" + text + "\", \"nonsense\": 1\n}";
        var d = InMemorySpecs.LoadOne(spec).Diagnostics.Single(d => d.Id == "ABI101");
        string line = spec.Split('\n')[1];
        Assert.Equal(2, d.Position.Line);
        Assert.Equal(line.IndexOf("\"nonsense\"", StringComparison.Ordinal) + 1, d.Position.Column);
    }

    /// <summary>Counts reads, to prove a refused import is never read.</summary>
    private sealed class CountingSpecs : ISpecFileSystem
    {
        public int Reads { get; private set; }

        public bool TryReadText(string path, out string text, out string error)
        {
            Reads++;
            text = "";
            error = "file not found";
            return false;
        }
    }
}
