using System.Runtime.CompilerServices;

namespace AbiKit.Runtime.Dispatch;

/// <summary>
/// Counts the calls inside something that can be closed — an open file (fget/fput), a device (drm_dev_enter/exit)
/// — so that its release runs once, after it is closed and the last call inside has left. Entering and leaving
/// cost no atomic operation: as the kernel's SRCU and fdget() do, each thread counts its own calls in a slot of
/// its own, and <see cref="Close"/> pays instead (a process-wide memory barrier, then a sum over the threads'
/// slots). A gate may have a parent (a file's gate, its device's): a call inside the child is inside the parent
/// too, so one gate per call holds both.
/// </summary>
/// <remarks>
/// Why it is safe: a call stores its slot's count, then reads the closed flags; <see cref="Close"/> stores the
/// flag, runs <see cref="Interlocked.MemoryBarrierProcessWide"/> (membarrier(2): every thread of the process
/// passes a full barrier), then sums the slots. Whichever comes first, either the call sees the flag and backs
/// out, or the sum sees the call. A call that leaves a closed gate sums again, so the release runs after the last
/// one, on whichever thread saw the count reach zero first. A slot changes gates only while its count is 0, and
/// the sum reads a slot's gate before and after its count, so a count is never credited to the wrong gate.
/// </remarks>
public sealed class CallGate
{
    private readonly CallGate? _parent;
    private readonly Action? _onDrained;
    private readonly ManualResetEventSlim _drained = new();
    // Calls that found no free slot on their thread (more than SlotsPerThread gates nested on one thread);
    // a child's also count in its parent's.
    private int _overflow;
    private volatile bool _closed;
    private int _released;

    /// <summary>A gate whose <paramref name="onDrained"/> runs once, after <see cref="Close"/> and the last call.</summary>
    /// <param name="onDrained">The release.</param>
    /// <param name="parent">A gate every call through this one is also inside (and refused by once it is closed).</param>
    public CallGate(Action? onDrained = null, CallGate? parent = null)
    {
        _onDrained = onDrained;
        _parent = parent;
    }

    /// <summary>True once <see cref="Close"/> was called on this gate.</summary>
    public bool IsClosed => _closed;

    /// <summary>The gate every call through this one is also inside, if any.</summary>
    public CallGate? Parent => _parent;

    // Calls are refused once this gate or its parent is closed.
    private bool Refusing => _closed || (_parent is { } parent && parent._closed);

    /// <summary>True while the calling thread is inside a call through this gate or a child of it.</summary>
    public bool IsInsideOnThisThread
    {
        get
        {
            if (t_slots is not { } slots) return false;
            for (int i = 0; i < SlotsPerThread; i++)
            {
                ref var slot = ref slots.Slots[i];
                if (slot.Count > 0 && slot.Gate is { } gate && (gate == this || gate._parent == this)) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Enters a call, as <see cref="TryEnter()"/>, and returns where it is counted, so that leaving needs no
    /// lookup: pair every true with <see cref="CallScope.Exit"/> on the same thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnter(out CallScope scope)
    {
        if (t_slots is { } slots && ReferenceEquals(slots.Slots[0].Gate, this))
        {
            ref var slot = ref slots.Slots[0];
            Volatile.Write(ref slot.Count, slot.Count + 1);
            scope = new CallScope(this, slots);
            if (!Refusing) return true;
            scope.Exit();
            return false;
        }
        scope = new CallScope(this, null);
        return TryEnterSlow();
    }

    /// <summary>Enters a call: false once this gate or its parent is closed. Pair every true with <see cref="Exit"/> on the same thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnter()
    {
        // The fast path: this gate owns the thread's first slot (the usual case: one device, one file per thread).
        if (t_slots is { } slots)
        {
            ref var slot = ref slots.Slots[0];
            if (ReferenceEquals(slot.Gate, this))
            {
                // A plain store: Close's process-wide barrier orders it before the flags' loads below.
                Volatile.Write(ref slot.Count, slot.Count + 1);
                if (!Refusing) return true;
                Exit();
                return false;
            }
        }
        return TryEnterSlow();
    }

    /// <summary>Leaves a call entered with <see cref="TryEnter()"/>; the last call to leave a closed gate runs its release.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit()
    {
        ref var slot = ref t_slots!.Slots[0];
        if (ReferenceEquals(slot.Gate, this) && slot.Count > 0)
        {
            Volatile.Write(ref slot.Count, slot.Count - 1);
            if (Refusing) AfterExitClosed();
            return;
        }
        ExitSlow();
    }

    /// <summary>Leaves through the thread's first slot, found by <see cref="TryEnter(out CallScope)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExitFirstSlot(ThreadSlots slots)
    {
        ref var slot = ref slots.Slots[0];
        Volatile.Write(ref slot.Count, slot.Count - 1);
        if (Refusing) AfterExitClosed();
    }

    /// <summary>A call entered with <see cref="TryEnter(out CallScope)"/>: where it is counted.</summary>
    public readonly struct CallScope
    {
        private readonly CallGate _gate;
        private readonly ThreadSlots? _slots; // the thread's slots when the call is counted in the first one

        internal CallScope(CallGate gate, object? slots)
        {
            _gate = gate;
            _slots = (ThreadSlots?)slots;
        }

        /// <summary>Leaves the call (on the thread that entered it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Exit()
        {
            if (_slots is { } slots) _gate.ExitFirstSlot(slots);
            else _gate.Exit();
        }
    }

    /// <summary>
    /// Closes the gate: later calls are refused, and the release runs once the calls inside (a child's included)
    /// have left — at once, on this thread, when there are none. Idempotent.
    /// </summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        Interlocked.MemoryBarrierProcessWide();
        ReleaseIfDrained();
    }

    /// <summary>Blocks until the gate is closed and the last call inside has left (and the release has run).</summary>
    public void WaitDrained() => _drained.Wait();

    private bool TryEnterSlow()
    {
        var slots = t_slots ?? Register();
        int i = Find(slots);
        if (i >= 0)
        {
            ref var slot = ref slots.Slots[i];
            Volatile.Write(ref slot.Count, slot.Count + 1);
        }
        else
        {
            Interlocked.Increment(ref _overflow);
            if (_parent is { } parent) Interlocked.Increment(ref parent._overflow);
        }
        if (!Refusing) return true;
        Exit();
        return false;
    }

    private void ExitSlow()
    {
        var slots = t_slots!;
        int i = 0;
        while (i < SlotsPerThread && !(ReferenceEquals(slots.Slots[i].Gate, this) && slots.Slots[i].Count > 0)) i++;
        if (i < SlotsPerThread)
        {
            ref var slot = ref slots.Slots[i];
            Volatile.Write(ref slot.Count, slot.Count - 1);
        }
        else
        {
            Interlocked.Decrement(ref _overflow);
            if (_parent is { } parent) Interlocked.Decrement(ref parent._overflow);
        }
        if (Refusing) AfterExitClosed();
    }

    private void AfterExitClosed()
    {
        if (_closed) ReleaseIfDrained();
        if (_parent is { _closed: true } parent) parent.ReleaseIfDrained();
        // This thread's idle slots let go of closed gates, so they do not keep a closed file or device (and what its
        // release captured) reachable. Only the owning thread writes its slots' gates, and only while a count is 0.
        if (t_slots is not { } slots) return;
        for (int i = 0; i < SlotsPerThread; i++)
        {
            ref var slot = ref slots.Slots[i];
            if (slot.Count == 0 && slot.Gate is { } gate && gate._closed) Volatile.Write(ref slot.Gate, null);
        }
    }

    private void ReleaseIfDrained()
    {
        if (Volatile.Read(ref _released) != 0 || Inside() != 0) return;
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        try
        {
            _onDrained?.Invoke();
        }
        finally
        {
            _drained.Set();
        }
    }

    /// <summary>Calls inside this gate and its children, over every thread (exact once closed and past the barrier).</summary>
    private int Inside()
    {
        int inside = Volatile.Read(ref _overflow);
        lock (s_allSlots)
        {
            for (int s = s_allSlots.Count - 1; s >= 0; s--)
            {
                if (!s_allSlots[s].TryGetTarget(out var slots))
                {
                    s_allSlots.RemoveAt(s);
                    continue;
                }
                for (int i = 0; i < SlotsPerThread; i++)
                {
                    ref var slot = ref slots.Slots[i];
                    while (true)
                    {
                        var before = Volatile.Read(ref slot.Gate);
                        int count = Volatile.Read(ref slot.Count);
                        if (!ReferenceEquals(Volatile.Read(ref slot.Gate), before)) continue; // reassigned meanwhile: read again
                        if (before is not null && (before == this || before._parent == this)) inside += count;
                        break;
                    }
                }
            }
        }
        return inside;
    }

    /// <summary>This gate's slot on this thread, claiming an idle one (the first, if idle) if needed; -1 when none is idle.</summary>
    private int Find(ThreadSlots slots)
    {
        int idle = -1;
        for (int i = 0; i < SlotsPerThread; i++)
        {
            if (ReferenceEquals(slots.Slots[i].Gate, this)) return i;
            if (idle < 0 && slots.Slots[i].Count == 0) idle = i;
        }
        if (idle >= 0) Volatile.Write(ref slots.Slots[idle].Gate, this); // its count is 0: no gate is credited anything
        return idle;
    }

    private static ThreadSlots Register()
    {
        var slots = new ThreadSlots();
        lock (s_allSlots) s_allSlots.Add(new WeakReference<ThreadSlots>(slots));
        t_slots = slots;
        return slots;
    }

    // Per thread: the gates it has calls inside, and how many. A few suffice (a call on a file, inside it a call
    // into the device); more gates nested on one thread count in the gates' shared, atomic _overflow.
    private const int SlotsPerThread = 4;

    private struct Slot
    {
        public CallGate? Gate;
        public int Count;
    }

    [InlineArray(SlotsPerThread)]
    private struct SlotArray
    {
        private Slot _first;
    }

    private sealed class ThreadSlots
    {
        public SlotArray Slots;
    }

    [ThreadStatic] private static ThreadSlots? t_slots;
    // Every thread's slots, weakly: a thread's slots die with the thread (its thread-static is their only root).
    private static readonly List<WeakReference<ThreadSlots>> s_allSlots = new();
}
