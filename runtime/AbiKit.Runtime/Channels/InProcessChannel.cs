using System.Runtime.CompilerServices;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// A channel to an in-process device: an open file of it. Requests go through the device's generated
/// <see cref="DispatchTable{THandler}"/>; disposing the channel closes the file, as close(2) would.
/// </summary>
/// <remarks>
/// The file's lifetime is the kernel's <c>struct file</c>'s (fget/fput): every call in flight holds the file
/// (a <see cref="CallGate"/>, which counts calls per thread, as fdget() takes no reference on an unshared file
/// table), so the device's release (<c>onClose</c>) runs once, after close and the last in-flight call has
/// returned — a call racing close(2) either completes on the still-open file or answers EBADF, and nothing it
/// creates outlives the release.
/// </remarks>
public sealed class InProcessChannel<THandler> : IIoctlChannel
{
    private readonly DispatchTable<THandler> _table;
    private readonly THandler _handler;
    private readonly CallGate _calls;

    /// <summary>Opens <paramref name="file"/> on a device.</summary>
    /// <param name="table">The device's dispatch table.</param>
    /// <param name="handler">The device.</param>
    /// <param name="file">The open file (its node and permissions).</param>
    /// <param name="onClose">Called once, after the channel is disposed and its last in-flight call returned (the device's file release).</param>
    /// <param name="device">The device's own gate (drm_dev_enter), if it has one: every call on the file is inside it
    /// too, and answers ENODEV once it is closed (the device unplugged).</param>
    public InProcessChannel(DispatchTable<THandler> table, THandler handler, DrmFile file, Action<DrmFile>? onClose = null, CallGate? device = null)
    {
        _table = table;
        _handler = handler;
        File = file;
        _calls = new CallGate(onClose is null ? null : () => onClose(file), device);
    }

    /// <summary>The open file.</summary>
    public DrmFile File { get; }

    /// <inheritdoc />
    // Inlined into the device's own channel wrapper (ReferenceChannel): one call less per validated ioctl.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Errno Ioctl(uint request, Span<byte> argument)
    {
        if (!_calls.TryEnter(out var call)) return _calls.IsClosed ? Errno.EBADF : Errno.ENODEV; // fget() fails before drm_dev_enter()
        // No try/finally: Dispatch returns every failure, a handler's exception included, as an errno.
        var result = _table.Dispatch(_handler, File, request, argument);
        call.Exit();
        return result;
    }

    /// <inheritdoc />
    public IoctlResult IoctlWithResult(uint request, Span<byte> argument)
    {
        if (!_calls.TryEnter(out var call)) return _calls.IsClosed ? Errno.EBADF : Errno.ENODEV;
        var result = _table.DispatchResult(_handler, File, request, argument);
        call.Exit();
        return result;
    }

    /// <summary>
    /// fget(): takes a reference to the open file for a call made outside <see cref="Ioctl"/> (such as mmap);
    /// false once the channel (or the device) is closed. Pair every true with <see cref="Exit"/>.
    /// </summary>
    public bool TryEnter() => _calls.TryEnter();

    /// <summary>fput(): drops a reference taken by <see cref="TryEnter"/> (on the same thread); after close, the last one runs the release.</summary>
    public void Exit() => _calls.Exit();

    /// <summary>True once the channel is disposed (close(2)).</summary>
    public bool IsClosed => _calls.IsClosed;

    /// <inheritdoc />
    public void Dispose() => _calls.Close();
}
