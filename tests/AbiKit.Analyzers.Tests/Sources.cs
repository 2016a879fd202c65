namespace AbiKit.Analyzers.Tests;

/// <summary>Shared pieces of test sources.</summary>
internal static class Sources
{
    /// <summary>Usings for consumer code of the real abikit-alloc API.</summary>
    public const string AllocUsings = """
        using System;
        using AbiKit.Alloc;
        using AbiKit.Interop.Alloc;
        using AbiKit.Model;
        using AbiKit.Runtime;
        using AbiKit.Runtime.Channels;

        """;

    /// <summary>Wraps members in a class that uses the real abikit-alloc API.</summary>
    public static string AllocSource(string members) => AllocUsings + "public class Consumer\n{\n" + members + "\n}\n";
}

/// <summary>
/// A second, differently named "spec": a hand-annotated API with none of abikit-alloc's names. The rules key
/// off [AbiSemantic] only, so it must get the same warnings as the real API.
/// </summary>
internal static class HandApi
{
    public const string Source = """
        namespace Acme.Gpu
        {
            using System;
            using AbiKit.Model;
            using AbiKit.Runtime.Semantics;

            /// <summary>Scope-style API: pins and CPU windows are disposable scopes.</summary>
            public sealed class Surface : IDisposable
            {
                [AbiSemantic(SemanticEffect.Creates)] public static Surface Allocate(int bytes) => new Surface();
                [AbiSemantic(SemanticEffect.Imports)] public static Surface Open(long name) => new Surface();
                [AbiSemantic(SemanticEffect.Destroys)] public void Dispose() { }
                [AbiSemantic(SemanticEffect.Pins)] public Residency MakeResident() => default;
                [AbiSemantic(SemanticEffect.BeginsCpuAccess)] public Mapping Map(CpuAccess access) => default;
                [AbiSemantic(SemanticEffect.RequiresPinned)] public ulong GpuAddress => 0;
                [AbiSemantic(SemanticEffect.RequiresPinned)] public void Submit(int queue) { }
                public int Length => 0;
            }

            public readonly struct Mapping : IDisposable
            {
                [AbiSemantic(SemanticEffect.RequiresCpuAccess)] public Span<byte> Bytes => default;
                [AbiSemantic(SemanticEffect.RequiresCpuAccess)] public Span<byte> Range(int offset, int length) => default;
                [AbiSemantic(SemanticEffect.EndsCpuAccess)] public void Dispose() { }
            }

            public readonly struct Residency : IDisposable
            {
                [AbiSemantic(SemanticEffect.Unpins)] public void Dispose() { }
            }

            /// <summary>Call-style API: begin/end and pin/unpin are calls on the object itself.</summary>
            public sealed class Slab : IDisposable
            {
                [AbiSemantic(SemanticEffect.Creates)] public static Slab Create() => new Slab();
                [AbiSemantic(SemanticEffect.Destroys)] public void Dispose() { }
                [AbiSemantic(SemanticEffect.Pins)] public void Lock() { }
                [AbiSemantic(SemanticEffect.Unpins)] public void Unlock() { }
                [AbiSemantic(SemanticEffect.BeginsCpuAccess)] public void BeginAccess(CpuAccess access) { }
                [AbiSemantic(SemanticEffect.EndsCpuAccess)] public void EndAccess() { }
                [AbiSemantic(SemanticEffect.BeginsCpuAccess)] public Mapping Open(CpuAccess access) => default;
                [AbiSemantic(SemanticEffect.RequiresCpuAccess)] public Span<byte> Contents => default;
                [AbiSemantic(SemanticEffect.RequiresPinned)] public ulong Address => 0;
            }
        }

        """;

    /// <summary>Consumer members in a class next to the hand API.</summary>
    public static string With(string members) => Source + """
        namespace Consumer
        {
            using System;
            using AbiKit.Model;
            using Acme.Gpu;

            public class Consumer
            {

        """ + members + """

            }
        }

        """;
}
