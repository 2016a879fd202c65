using AbiKit.Model;

namespace AbiKit.Emitters.CSharp
{
    /// <summary>The C# names of a family's generated types, as the model carries them (<see cref="CsFamilyNames"/>).</summary>
    public static class CSharpNames
    {
        /// <summary>The typed client struct, e.g. <c>I915Client</c>.</summary>
        public static string Client(AbiFamily f) => ModelNames.Of(f).CSharp.Client;

        /// <summary>The handler interface a device implements, e.g. <c>II915Handler</c>.</summary>
        public static string Handler(AbiFamily f) => ModelNames.Of(f).CSharp.Handler;

        /// <summary>The static class with the dispatch entries, e.g. <c>I915Dispatch</c>.</summary>
        public static string Dispatch(AbiFamily f) => ModelNames.Of(f).CSharp.Dispatch;

        /// <summary>A fully qualified reference to <paramref name="type"/> (scalars as keywords).</summary>
        public static string Qualified(TypeRef type)
            => type.Kind is TypeKind.Scalar or TypeKind.UserPointer ? type.CsType : "global::" + type.CsNamespace + "." + type.CsType;
    }
}
