using System;
using System.Collections.Generic;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>
    /// Words a spec name may not be, because the generated code would not compile: a <c>name</c> or macro name (guard,
    /// type macro, mask, request code) becomes a C struct tag, member or macro (C keywords of C90 to C23 and C++, since
    /// uapi headers are included from both); a <c>csName</c> or class name becomes a C# identifier as written (C#
    /// keywords; contextual keywords are legal identifiers).
    /// </summary>
    public static class ReservedWords
    {
        /// <summary>The longest identifier accepted: C99 guarantees 63 significant characters; uapi names are far shorter.</summary>
        public const int MaxIdentifierLength = 128;

        private static readonly HashSet<string> C = new(StringComparer.Ordinal)
        {
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
            "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
            "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
            "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
            "_Thread_local", "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert", "thread_local",
            "true", "typeof", "typeof_unqual", "_BitInt", "_Decimal32", "_Decimal64", "_Decimal128",
            // C++ (uapi headers are compiled as C++ too)
            "and", "and_eq", "asm", "bitand", "bitor", "catch", "char8_t", "char16_t", "char32_t", "class", "compl",
            "concept", "consteval", "constinit", "const_cast", "co_await", "co_return", "co_yield", "decltype", "delete",
            "dynamic_cast", "explicit", "export", "friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
            "operator", "or", "or_eq", "private", "protected", "public", "reinterpret_cast", "requires", "static_cast",
            "template", "this", "throw", "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
        };

        private static readonly HashSet<string> CSharp = new(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
            "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
            "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
            "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
            "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
            "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        };

        /// <summary>True when <paramref name="name"/> cannot be a name in the generated C header: a keyword, or an identifier
        /// C reserves for the implementation (<c>__x</c>, <c>_X</c>), which is where the header's own <c>__u64</c> and
        /// <c>_IOWR</c> live.</summary>
        public static bool IsC(string name)
            => C.Contains(name) || (name.Length > 1 && name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z')));

        /// <summary>True when <paramref name="name"/> is no keyword but an identifier C reserves for the implementation
        /// (<c>_X</c>, <c>__x</c>): legal C that the kernel's uapi uses (drm.h's <c>_DRM_LOCK_HELD</c>), at the risk of a
        /// clash with the C library's or compiler's own names.</summary>
        public static bool IsImplementationName(string name) => IsC(name) && !C.Contains(name);

        /// <summary>True when <paramref name="name"/> is a C or C++ keyword.</summary>
        public static bool IsCKeyword(string name) => C.Contains(name);

        /// <summary>True when <paramref name="name"/> cannot be a C# identifier as written.</summary>
        public static bool IsCSharp(string name) => CSharp.Contains(name);
    }
}
