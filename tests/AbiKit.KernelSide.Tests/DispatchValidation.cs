using System.Reflection;
using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// AbiKit's C# dispatch checks: the generated thunks of AbiKit.Alloc (AllocDispatch), which check an argument and
/// call the handler only when it passes. The handler here accepts everything, so a thunk's answer is its checks'.
/// </summary>
public static class DispatchValidation
{
    private static readonly DrmFile File = new();
    private static readonly IAllocHandler Accepting = DispatchProxy.Create<IAllocHandler, AcceptingHandler>();

    /// <summary>The dispatch entry of <paramref name="io"/>, found by its request code.</summary>
    public static DispatchEntry<IAllocHandler> Entry(AbiIoctl io)
        => AllocDispatch.Entries<IAllocHandler>().Single(e => e.Code == io.Code(Arch.X86_64));

    /// <summary>What the dispatch answers for <paramref name="data"/> (a copy: handlers may write their argument).</summary>
    public static Errno Answer(DispatchEntry<IAllocHandler> entry, ReadOnlySpan<byte> data)
    {
        Span<byte> copy = stackalloc byte[data.Length];
        data.CopyTo(copy);
        return entry.Thunk(Accepting, copy, File).Errno;
    }

    /// <summary>A handler that succeeds whatever it is asked.</summary>
    public class AcceptingHandler : DispatchProxy
    {
        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Errno.Ok;
    }
}
