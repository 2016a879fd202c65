using System.Collections.Generic;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    // Typedef names: C's `typedef unsigned int drm_handle_t;`, `typedef struct drm_clip_rect drm_clip_rect_t;` and, on a
    // struct, `typedef struct { … } drm_sis_mem_t;` (an aggregate with no tag, named only by its typedef).

    /// <summary>A typedef name: another name for a scalar, enum, flag set, handle, struct, union or typedef.</summary>
    public sealed class TypedefSyntax : DeclarationSyntax
    {
        /// <summary>type: what the name stands for, written as a field's type is.</summary>
        public Located<string> Type { get; set; }
    }

    public sealed partial class SpecSyntax
    {
        /// <summary>typedefs.</summary>
        public List<TypedefSyntax> Typedefs { get; } = new();
    }

    public sealed partial class StructSyntax
    {
        /// <summary>"tag": false — C declares the aggregate without a tag, named only by a typedef
        /// (<c>typedef struct { … } name;</c>); the position is the struct entry's. Null when it has a tag.</summary>
        public SourcePosition? Tagless { get; set; }
    }
}
