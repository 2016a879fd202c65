using AbiKit.Model;

namespace AbiKit.Emitters.CSharp
{
    /// <summary>The C# names of a family's generated types, derived once for every C# template.</summary>
    public static class CSharpNames
    {
        /// <summary>The family's base name: its ioctl class without the <c>Ioctls</c> suffix (<c>I915Ioctls</c> → <c>I915</c>).</summary>
        public static string Base(AbiFamily f)
            => f.CSharp.ClassName.EndsWith("Ioctls", System.StringComparison.Ordinal) && f.CSharp.ClassName.Length > 6
                ? f.CSharp.ClassName.Substring(0, f.CSharp.ClassName.Length - 6)
                : f.CSharp.ClassName;

        /// <summary>The typed client struct, e.g. <c>I915Client</c>.</summary>
        public static string Client(AbiFamily f) => Base(f) + "Client";

        /// <summary>The handler interface a device implements, e.g. <c>II915Handler</c>.</summary>
        public static string Handler(AbiFamily f) => "I" + Base(f) + "Handler";

        /// <summary>The static class with the dispatch entries, e.g. <c>I915Dispatch</c>.</summary>
        public static string Dispatch(AbiFamily f) => Base(f) + "Dispatch";

        /// <summary>A fully qualified reference to <paramref name="type"/> (scalars as keywords).</summary>
        public static string Qualified(TypeRef type)
            => type.Kind is TypeKind.Scalar or TypeKind.UserPointer ? type.CsType : "global::" + type.CsNamespace + "." + type.CsType;
    }
}
