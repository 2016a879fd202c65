using System.Runtime.InteropServices;

namespace AbiKit.Reference.Device;

/// <summary>
/// Protects pinned USERPTR ranges from fork(2) lazily: instead of two madvise calls per import (advise at pin,
/// undo at release; about 0.8 µs each), the ranges are only recorded, and a fork handler registered once with
/// the C library advises every recorded range that is not advised yet right before the process forks. A
/// process that never forks makes no madvise call at all; one that does pays once per range, at its first fork.
/// </summary>
/// <remarks>
/// <para>Ordering: a range is recorded before its pages are locked, and the prepare handler holds the registry's
/// lock until the parent handler runs, after the fork. So a range is either recorded (and advised) before the
/// child is made or its pages are locked only afterwards: no child ever gets a pinned range unadvised.</para>
/// <para>The handlers run managed code (UnmanagedCallersOnly) in the forking thread of the parent only; the child
/// gets no handler, since a forked child never runs managed code (it may only exec or _exit). vfork, posix_spawn
/// and .NET's Process.Start share the parent's memory and run no fork handlers: nothing is copied there.</para>
/// <para>Where the handler cannot be registered (a C library without __register_atfork or pthread_atfork), every
/// range is advised at once, as before.</para>
/// </remarks>
internal static unsafe class ForkProtection
{
    /// <summary>A recorded range and the advice that protects it (0 until the first fork, or when madvise failed).</summary>
    internal sealed class Range(ulong start, ulong length)
    {
        public ulong Start { get; } = start;
        public ulong Length { get; } = length;
        public int Advice { get; set; }

        // Links of the recorded ranges' list (under s_lock): an intrusive list, since a HashSet asked the runtime
        // for every new range's identity hash.
        internal Range? Previous;
        internal Range? Next;
        internal bool Recorded;
    }

    private static readonly object s_lock = new();
    private static Range? s_first; // the recorded ranges, newest first
    private static int s_count;
    // 0: not tried yet; 1: the fork handler is registered; -1: it cannot be, advise eagerly.
    private static int s_handlerState;

    /// <summary>
    /// Records a range about to be pinned, before its pages are locked (see the ordering above), or advises it at
    /// once where no fork handler can be registered.
    /// </summary>
    public static Range Track(ulong start, ulong length)
    {
        var range = new Range(start, length);
        if (!EnsureHandler())
        {
            range.Advice = UserRange.ProtectFromFork(start, length);
            return range;
        }
        lock (s_lock)
        {
            range.Next = s_first;
            if (s_first is not null) s_first.Previous = range;
            s_first = range;
            range.Recorded = true;
            s_count++;
        }
        return range;
    }

    /// <summary>
    /// Forgets a range whose pin ends (null: nothing was recorded) and returns the advice a fork applied to it,
    /// which the caller undoes for the pages it releases (0: nothing to undo).
    /// </summary>
    public static int Untrack(Range? range)
    {
        if (range is null) return 0;
        lock (s_lock)
        {
            if (range.Recorded)
            {
                if (range.Previous is null) s_first = range.Next;
                else range.Previous.Next = range.Next;
                if (range.Next is not null) range.Next.Previous = range.Previous;
                range.Previous = range.Next = null;
                range.Recorded = false;
                s_count--;
            }
            return range.Advice;
        }
    }

    /// <summary>
    /// A range released in part still carries <paramref name="advice"/> where <paramref name="other"/>, a live
    /// overlapping range, keeps the pages pinned: <paramref name="other"/> now owns undoing it (madvise does not
    /// nest, so the advice would otherwise outlive both objects).
    /// </summary>
    public static void Inherit(Range? other, int advice)
    {
        if (other is null || advice == 0) return;
        lock (s_lock)
        {
            if (other.Advice == 0) other.Advice = advice;
        }
    }

    /// <summary>The number of ranges recorded now (tests).</summary>
    internal static int TrackedCount
    {
        get
        {
            lock (s_lock) return s_count;
        }
    }

    private static bool EnsureHandler()
    {
        int state = Volatile.Read(ref s_handlerState);
        if (state != 0) return state > 0;
        lock (s_lock)
        {
            if (s_handlerState == 0) s_handlerState = RegisterHandler() ? 1 : -1;
            return s_handlerState > 0;
        }
    }

    /// <summary>
    /// Registers <see cref="Prepare"/> and <see cref="Parent"/> with the C library. glibc's pthread_atfork lives in
    /// libc_nonshared.a (it passes the caller's __dso_handle), so libc.so.6 exports only __register_atfork as a
    /// default symbol; musl exports pthread_atfork.
    /// </summary>
    private static bool RegisterHandler()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc) && !NativeLibrary.TryLoad("libc", typeof(ForkProtection).Assembly, null, out libc))
            return false;
        delegate* unmanaged<void> prepare = &Prepare;
        delegate* unmanaged<void> parent = &Parent;
        if (NativeLibrary.TryGetExport(libc, "__register_atfork", out var register))
            return ((delegate* unmanaged<delegate* unmanaged<void>, delegate* unmanaged<void>, void*, void*, int>)register)(prepare, parent, null, null) == 0;
        if (NativeLibrary.TryGetExport(libc, "pthread_atfork", out var atfork))
            return ((delegate* unmanaged<delegate* unmanaged<void>, delegate* unmanaged<void>, void*, int>)atfork)(prepare, parent, null) == 0;
        return false;
    }

    /// <summary>Before fork(2), in the forking thread: advises every recorded range not advised yet, and keeps the lock.</summary>
    [UnmanagedCallersOnly]
    private static void Prepare()
    {
        Monitor.Enter(s_lock); // released by Parent, after the fork: no range is recorded (and locked) meanwhile
        for (var range = s_first; range is not null; range = range.Next)
        {
            if (range.Advice == 0) range.Advice = UserRange.ProtectFromFork(range.Start, range.Length);
        }
    }

    /// <summary>After fork(2), in the parent: lets recording go on.</summary>
    [UnmanagedCallersOnly]
    private static void Parent()
    {
        // A handler registered while a fork was under way may see its parent half without the prepare half.
        if (Monitor.IsEntered(s_lock)) Monitor.Exit(s_lock);
    }
}
