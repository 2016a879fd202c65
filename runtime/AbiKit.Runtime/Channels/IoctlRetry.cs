namespace AbiKit.Runtime.Channels;

/// <summary>One attempt of a system call: returns its result and, when that is -1, the errno it set.</summary>
/// <typeparam name="TState">What the call needs (file descriptor, request, argument address).</typeparam>
internal delegate int Syscall<TState>(in TState state, out int errno);

/// <summary>
/// libdrm's drmIoctl() retry loop, separate from the system call so that it can be driven by a fake:
/// <code>do { ret = ioctl(fd, request, arg); } while (ret == -1 &amp;&amp; (errno == EINTR || errno == EAGAIN));</code>
/// </summary>
internal static class IoctlRetry
{
    /// <summary>
    /// Calls <paramref name="syscall"/> until it returns something other than -1 (<see cref="Errno.Ok"/>) or fails
    /// with an errno other than EINTR and EAGAIN (that errno). As in libdrm, EAGAIN is retried at once, without
    /// waiting: a driver that answers EAGAIN expects to be asked again.
    /// </summary>
    internal static Errno Run<TState>(in TState state, Syscall<TState> syscall) => RunForResult(in state, syscall).Errno;

    /// <summary>As <see cref="Run"/>, keeping a successful call's return value (a new file descriptor).</summary>
    internal static IoctlResult RunForResult<TState>(in TState state, Syscall<TState> syscall)
    {
        while (true)
        {
            int result = syscall(in state, out int errno);
            if (result != -1) return IoctlResult.FromRaw(Math.Max(result, 0));
            if (errno is (int)Errno.EINTR or (int)Errno.EAGAIN) continue;
            return (Errno)errno;
        }
    }
}
