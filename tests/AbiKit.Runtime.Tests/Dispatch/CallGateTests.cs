using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>
/// <see cref="CallGate"/> counts calls per thread, without atomics: its release must still run exactly once, after
/// close and after the last call inside — a child's calls included — on whatever thread that call leaves.
/// </summary>
public sealed class CallGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Closing_an_idle_gate_releases_it_at_once_and_refuses_later_calls()
    {
        int released = 0;
        var gate = new CallGate(() => released++);
        Assert.True(gate.TryEnter());
        gate.Exit();

        gate.Close();
        gate.Close();

        Assert.Equal(1, released);
        Assert.False(gate.TryEnter());
        Assert.False(gate.TryEnter(out _));
        Assert.Equal(1, released);
    }

    [Fact]
    public void The_release_waits_for_a_call_inside_on_another_thread_and_runs_when_it_leaves()
    {
        int releasedOn = -1;
        var gate = new CallGate(() => releasedOn = Environment.CurrentManagedThreadId);
        using var inside = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        int callerThread = 0;
        var caller = new Thread(() =>
        {
            callerThread = Environment.CurrentManagedThreadId;
            Assert.True(gate.TryEnter(out var call));
            inside.Set();
            leave.Wait();
            call.Exit();
        });
        caller.Start();
        Assert.True(inside.Wait(Patience));

        gate.Close();
        Assert.Equal(-1, releasedOn); // the call is still inside

        leave.Set();
        Assert.True(caller.Join(Patience));
        Assert.Equal(callerThread, releasedOn);
    }

    [Fact]
    public void A_closed_parent_refuses_its_childs_calls_and_waits_for_those_inside()
    {
        var device = new CallGate();
        var file = new CallGate(parent: device);
        using var inside = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var caller = new Thread(() =>
        {
            Assert.True(file.TryEnter());
            inside.Set();
            leave.Wait();
            file.Exit();
        });
        caller.Start();
        Assert.True(inside.Wait(Patience));

        device.Close();
        Assert.False(file.TryEnter());
        Assert.False(file.IsClosed); // the file itself is open: its caller answers ENODEV, not EBADF
        var drained = WaitDrained(device);
        Assert.False(drained.Join(TimeSpan.FromMilliseconds(100))); // the child's call is inside the device too

        leave.Set();
        Assert.True(drained.Join(Patience));
        Assert.True(caller.Join(Patience));
    }

    [Fact]
    public void A_call_inside_a_child_is_inside_the_parent_on_its_thread()
    {
        var device = new CallGate();
        var file = new CallGate(parent: device);
        Assert.False(device.IsInsideOnThisThread);

        Assert.True(file.TryEnter(out var call));
        Assert.True(device.IsInsideOnThisThread);
        Assert.True(file.IsInsideOnThisThread);
        call.Exit();

        Assert.False(device.IsInsideOnThisThread);
    }

    [Fact]
    public void More_gates_nested_on_one_thread_than_it_has_slots_are_still_counted()
    {
        // A thread has a few slots; deeper nesting across more gates falls back to the gates' shared counters.
        var gates = Enumerable.Range(0, 9).Select(_ => new CallGate()).ToArray();
        foreach (var gate in gates) Assert.True(gate.TryEnter());
        foreach (var gate in gates) gate.Close();
        foreach (var gate in gates)
        {
            Assert.False(WaitDrained(gate).Join(TimeSpan.FromMilliseconds(20)), "released with a call inside");
        }

        foreach (var gate in gates.Reverse()) gate.Exit();
        foreach (var gate in gates) Assert.True(WaitDrained(gate).Join(Patience));
    }

    [Fact]
    public void Under_racing_calls_and_close_the_release_runs_once_and_never_with_a_call_inside()
    {
        for (int round = 0; round < 200; round++)
        {
            int inside = 0, releases = 0, violations = 0;
            var device = new CallGate();
            CallGate? file = null;
            file = new CallGate(() =>
            {
                releases++;
                if (Volatile.Read(ref inside) != 0) Interlocked.Increment(ref violations);
            }, device);
            using var start = new Barrier(4);
            var callers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < 2000; i++)
                {
                    if (!file.TryEnter(out var call)) break;
                    Interlocked.Increment(ref inside);
                    Interlocked.Decrement(ref inside);
                    call.Exit();
                }
            })).ToArray();
            foreach (var caller in callers) caller.Start();
            start.SignalAndWait();
            Thread.SpinWait(round * 50);
            file.Close();
            foreach (var caller in callers) Assert.True(caller.Join(Patience));

            Assert.Equal(1, releases);
            Assert.Equal(0, violations);
            device.Close();
            Assert.True(WaitDrained(device).Join(Patience));
        }
    }

    /// <summary>A thread that waits for <paramref name="gate"/> to drain: join it to see whether it has.</summary>
    private static Thread WaitDrained(CallGate gate)
    {
        var waiter = new Thread(gate.WaitDrained) { IsBackground = true };
        waiter.Start();
        return waiter;
    }

    [Fact]
    public void Entering_and_leaving_allocates_nothing()
    {
        var device = new CallGate();
        var file = new CallGate(parent: device);
        Assert.True(file.TryEnter(out var warm));
        warm.Exit();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(file.TryEnter(out var call));
            call.Exit();
            Assert.True(device.TryEnter());
            device.Exit();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
