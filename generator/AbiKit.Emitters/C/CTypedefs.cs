using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters.C
{
    /// <summary>Typedef names in the C header, as the original declares them: <c>typedef unsigned int drm_handle_t;</c>
    /// before the structs (a typedef of a tag needs no complete type), a typedef of an aggregate named only by a
    /// typedef right after that aggregate (<c>typedef struct { … } drm_sis_mem_t;</c> has no tag to name earlier).</summary>
    internal static class CTypedefs
    {
        public static void Add(AbiFamily f, CHeaderView view)
        {
            if (f.Typedefs.Count == 0) return;
            foreach (var t in f.Typedefs)
            {
                var line = new CTypedef(t.Target.CType, t.Name, Text.OneLine(t.Doc));
                // A typedef of a tagless aggregate (directly or through another typedef) follows its definition.
                var tagless = t.Target.Kind == TypeKind.Struct && t.Target.Family == f.Family
                    ? view.Structs.FirstOrDefault(s => s.Tagless && s.Name == t.Target.Name)
                    : null;
                if (tagless is not null) tagless.After.Add(line);
                else view.Typedefs.Add(line);
            }
        }
    }

#pragma warning disable CS1591 // View-model properties are named for what the template prints.
    /// <summary>One <c>typedef TYPE NAME;</c>.</summary>
    public sealed record CTypedef(string Type, string Name, string Doc)
    {
        /// <summary>The doc as a laid-out comment (empty without a doc).</summary>
        public List<string> Comment => CLines.Comment(Doc);
        /// <summary>The declaration (<c>void *</c> needs no space before the name).</summary>
        public string Line => Type.EndsWith("*", System.StringComparison.Ordinal) ? $"typedef {Type}{Name};" : $"typedef {Type} {Name};";
    }

    public sealed partial class CHeaderView
    {
        /// <summary>Typedef names, declared before the structs.</summary>
        public List<CTypedef> Typedefs { get; } = new();
    }

    public sealed partial class CStruct
    {
        /// <summary>Declared without a tag, named by a typedef: <c>typedef struct { … } Name;</c>.</summary>
        public bool Tagless { get; set; }
        /// <summary>The line that opens the definition.</summary>
        public string Open => Tagless ? $"typedef {Keyword} {{" : $"{Keyword} {Name} {{";
        /// <summary>Packed: <c>__attribute__((packed))</c> after the closing brace, as the kernel's headers write it.</summary>
        public bool Packed { get; set; }
        /// <summary>The line that closes it.</summary>
        public string Close => (Packed ? "} __attribute__((packed))" : "}") + (Tagless ? $" {Name};" : ";");
        /// <summary>Typedefs of this tagless aggregate, declared right after it.</summary>
        public List<CTypedef> After { get; } = new();
    }
#pragma warning restore CS1591
}
