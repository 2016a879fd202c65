using System.Globalization;
using System.Text;
using AbiKit.Emitters.Kernel;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// The generated kernel validation (abikit_alloc_validate.c) compiled in user space against Shim/ (the kernel's
/// type names, errno constants and memchr_inv(), nothing else of the kernel), behind a harness that runs every
/// validation function on the structs of an input file, one native process per run.
/// </summary>
public static class NativeValidation
{
    /// <summary>Builds the harness; <paramref name="edit"/> may change the generated files first (to show a broken check is caught).</summary>
    /// <returns>The harness executable.</returns>
    public static string Build(string directory, Func<string, string, string>? edit = null)
    {
        NativeToolchain.Require();
        Generated.WriteUapiHeaders(directory);
        Generated.WriteKernelFiles(directory, edit);
        string harness = Path.Combine(directory, "harness.c");
        File.WriteAllText(harness, HarnessSource());
        string output = Path.Combine(directory, "validate-harness");
        string shim = Repo.PathOf("tests", "AbiKit.KernelSide.Tests", "Shim");
        NativeToolchain.CompileC([harness, Path.Combine(directory, KernelNames.ValidateSource(Generated.Alloc))], output,
            // A validation function of an ioctl without checks ignores its argument, as the kernel allows.
            "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror", "-I" + shim, "-I" + directory).EnsureSuccess();
        return output;
    }

    /// <summary>
    /// Runs the harness on <paramref name="count"/> structs per validated ioctl, read from <paramref name="input"/>
    /// (ioctl after ioctl, in <see cref="Generated.Validated"/>'s order).
    /// </summary>
    /// <returns>One answer per struct: 0, or the errno the validation function returned (negated).</returns>
    public static byte[] Run(string harness, string input, int count)
    {
        string output = input + ".answers";
        NativeToolchain.Run(harness, [input, output, count.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(5)).EnsureSuccess();
        return File.ReadAllBytes(output);
    }

    // One entry per validated ioctl; sizeof is checked against the model's layout at compile time.
    private static string HarnessSource()
    {
        var f = Generated.Alloc;
        var sb = new StringBuilder();
        sb.AppendLine("#include <stdio.h>\n#include <stdlib.h>\n#include \"" + KernelNames.ValidateHeader(f) + "\"\n");
        var validated = Generated.Validated;
        for (int i = 0; i < validated.Count; i++)
        {
            var (io, arg) = validated[i];
            sb.AppendLine($"_Static_assert(sizeof({io.Arg.CType}) == {arg.Layout(Arch.X86_64).Size}, \"{io.Arg.CType}: the model's size\");");
            sb.AppendLine($"static int v{i}(const void *p) {{ return {KernelNames.Validator(f, io)}(p); }}");
        }
        sb.AppendLine("static const struct { size_t size; int (*validate)(const void *); } table[] = {");
        for (int i = 0; i < validated.Count; i++) sb.AppendLine($"\t{{ sizeof({validated[i].Ioctl.Arg.CType}), v{i} }},");
        sb.AppendLine("""
            };

            int main(int argc, char **argv)
            {
            	FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
            	long count = atol(argv[3]), n;
            	unsigned char buffer[4096] __attribute__((aligned(8)));
            	size_t t;

            	if (argc != 4 || !in || !out)
            		return 2;
            	for (t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
            		for (n = 0; n < count; n++) {
            			if (fread(buffer, table[t].size, 1, in) != 1)
            				return 3;
            			fputc(-table[t].validate(buffer), out);
            		}
            	}
            	return fclose(out) == 0 ? 0 : 4;
            }
            """);
        return sb.ToString();
    }
}
