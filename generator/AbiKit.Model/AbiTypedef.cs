namespace AbiKit.Model
{
    /// <summary>
    /// A typedef name the C header declares as the original does (<c>typedef unsigned int drm_handle_t;</c>,
    /// <c>typedef struct drm_clip_rect drm_clip_rect_t;</c>). It adds a spelling, never a layout: fields and ioctl
    /// arguments written with it carry <see cref="Type"/>, the target's reference with the typedef's C spelling.
    /// C# has no typedefs and spells the target.
    /// </summary>
    /// <param name="Name">The typedef name.</param>
    /// <param name="Target">What it stands for, as the typedef's declaration spells it (<c>struct drm_clip_rect</c>, another typedef).</param>
    /// <param name="Doc">Documentation.</param>
    public sealed record AbiTypedef(string Name, TypeRef Target, string Doc)
    {
        /// <summary>The reference a field or argument written with this name carries: the target's, spelled <see cref="Name"/> in C.</summary>
        public TypeRef Type => Target with { CType = Name };
    }
}

namespace AbiKit.Model
{
    /// <summary>How C spells a declared aggregate.</summary>
    public static class AggregateSpelling
    {
        /// <summary>The C type: <c>struct drm_clip_rect</c>, <c>union drm_wait_vblank</c>, or the typedef name of a
        /// <see cref="AbiStruct.Tagless"/> aggregate (<c>drm_sis_mem_t</c>).</summary>
        public static string CType(this AbiStruct s) => s.Tagless ? s.Name : s.CKeyword + " " + s.Name;
    }
}
