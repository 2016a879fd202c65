using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// A channel to an in-process device: an open file of it. Requests go through the device's generated
/// <see cref="DispatchTable{THandler}"/>; disposing the channel closes the file, as close(2) would.
/// </summary>
/// <remarks>
/// The file is reference-counted as the kernel's <c>struct file</c> is (fget/fput): the open file holds one
/// reference and every call in flight holds another, so the device's release (<c>onClose</c>) runs once, after
/// the last in-flight call has returned — a call racing close(2) either completes on the still-open file or
/// answers EBADF, and nothing it creates outlives the release.
/// </remarks>
public sealed class InProcessChannel<THandler> : IIoctlChannel
{
    private readonly DispatchTable<THandler> _table;
    private readonly THandler _handler;
    private readonly Action<DrmFile>? _onClose;
    private int _closed;
    // The open file's own reference plus one per call in flight; the release runs when it drops to 0.
    private int _references = 1;

    /// <summary>Opens <paramref name="file"/> on a device.</summary>
    /// <param name="table">The device's dispatch table.</param>
    /// <param name="handler">The device.</param>
    /// <param name="file">The open file (its node and permissions).</param>
    /// <param name="onClose">Called once, after the channel is disposed and its last in-flight call returned (the device's file release).</param>
    public InProcessChannel(DispatchTable<THandler> table, THandler handler, DrmFile file, Action<DrmFile>? onClose = null)
    {
        _table = table;
        _handler = handler;
        File = file;
        _onClose = onClose;
    }

    /// <summary>The open file.</summary>
    public DrmFile File { get; }

    /// <inheritdoc />
    public Errno Ioctl(uint request, Span<byte> argument)
    {
        if (!TryEnter()) return Errno.EBADF;
        try
        {
            return _table.Dispatch(_handler, File, request, argument);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// fget(): takes a reference to the open file for a call made outside <see cref="Ioctl"/> (such as mmap);
    /// false once the channel is closed. Pair every true with <see cref="Exit"/>.
    /// </summary>
    public bool TryEnter()
    {
        while (true)
        {
            int references = Volatile.Read(ref _references);
            if (references == 0 || Volatile.Read(ref _closed) != 0) return false;
            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references) return true;
        }
    }

    /// <summary>fput(): drops a reference taken by <see cref="TryEnter"/>; the last one runs the release.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _references) == 0) _onClose?.Invoke(File);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) Exit();
    }
}
