using System.Globalization;
using System.Text;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>Proves a family's generated header against the layout engine with one ABI's compiler: every aggregate's size,
/// alignment and member offsets, every typedef's size and alignment against its target's, every request code, as
/// <c>_Static_assert</c>s (strict C11), and the header compiles as strict C++11. Nothing built is run.</summary>
internal static class StaticAssertProbe
{
    public static void Run(AbiFamily f, Arch arch)
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-static-probe");
        File.WriteAllText(Path.Combine(dir, f.C.FileName), Shipped.Header(f));
        var probe = new StringBuilder($"#include <stddef.h>\n#include \"{f.C.FileName}\"\n");
        void Check(string expression, long value)
            => probe.Append(CultureInfo.InvariantCulture, $"_Static_assert(({expression}) == {value}, \"{expression} is not {value}\");\n");
        foreach (var s in f.Structs.Where(s => !s.Inline))
        {
            var layout = s.Layout(arch);
            Check($"sizeof({s.CType()})", layout.Size);
            Check($"_Alignof({s.CType()})", layout.Align);
            for (int i = 0; i < s.Fields.Count; i++) Check($"offsetof({s.CType()}, {s.Fields[i].Name})", layout.Fields[i].Offset);
        }
        foreach (var t in f.Typedefs)
        {
            Check($"sizeof({t.Name}) == sizeof({t.Target.CType})", 1);
            Check($"_Alignof({t.Name}) == _Alignof({t.Target.CType})", 1);
        }
        foreach (var io in f.Ioctls) Check(io.CodeMacro, io.Code(arch));
        NativeToolchain.CompileC(arch, probe.ToString(), Path.Combine(dir, "probe.o"), "-std=c11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.CompileCxx(arch, $"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "cxx.o"), "-std=c++11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
