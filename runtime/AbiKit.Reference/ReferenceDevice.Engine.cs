using System.Diagnostics;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Checked;

namespace AbiKit.Reference;

// The engine's side of the device: what memory a command touches, what happens when one completes (its
// references go, waiters wake), and how ioctls wait for it.
public sealed unsafe partial class ReferenceDevice
{
    /// <summary>Holds the engine before its next command, so queued work stays observably pending.</summary>
    public void PauseEngine() => _engine.Pause();

    /// <summary>Lets the engine go on.</summary>
    public void ResumeEngine() => _engine.Resume();

    private unsafe EngineMemory EngineMemoryOf(DeviceObject obj)
        => obj.IsUserptr ? new EngineMemory((nint)obj.UserPointer, IsUser: true, obj.UserProcess?.Pid ?? 0) : new EngineMemory((nint)_store.Pointer(obj.EngineMemory), IsUser: false);

    /// <summary>Engine thread: a command finished (EFAULT when a USERPTR range vanished under it).</summary>
    private void Completed(EngineCommand command, Errno result)
    {
        lock (_gate)
        {
            if (result != Errno.Ok)
            {
                _checked?.Report(MisuseKind.UserptrUnmapped, IoctlNames.Submit, 0,
                    "the device engine found a USERPTR object's memory unmapped while running a command: keep the memory mapped until the object is closed");
            }
            command.Destination.Busy--;
            command.Destination.PendingWrites--;
            Put(command.Destination); // the command's references: the memory may go only now
            if (command.Source is { } source)
            {
                source.Busy--;
                Put(source);
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits (holding <see cref="_gate"/>, which Monitor.Wait releases meanwhile) until the engine is done with
    /// <paramref name="obj"/> — or, with <paramref name="writesOnly"/>, done writing it — or the monotonic deadline
    /// passes. False on timeout, and when the device is disposed meanwhile (callers then answer ENODEV).
    /// </summary>
    private bool WaitIdle(DeviceObject obj, long deadlineNs, bool writesOnly = false)
    {
        // Monitor.Wait takes at most int.MaxValue ms (~24.8 days); longer deadlines wait in slices of that.
        const long MaxSliceTicks = int.MaxValue * TimeSpan.TicksPerMillisecond;
        while ((writesOnly ? obj.PendingWrites : obj.Busy) > 0)
        {
            if (_disposed) return false;
            if (deadlineNs == long.MaxValue)
            {
                Monitor.Wait(_gate);
                continue;
            }
            long remaining = deadlineNs - MonotonicNs();
            if (remaining <= 0) return false;
            Monitor.Wait(_gate, TimeSpan.FromTicks(Math.Clamp(remaining / 100, 1, MaxSliceTicks)));
        }
        return !_disposed;
    }

    /// <summary>CLOCK_MONOTONIC in nanoseconds (Stopwatch reads it on Linux).</summary>
    internal static long MonotonicNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
}
