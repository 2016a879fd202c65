using System.Runtime.InteropServices;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// "Another process" for the device's remote-caller paths, inside this one: a parked thread whose thread id is
/// given to <c>CallerMemory.Enter</c>. The kernel resolves any thread id for process_vm_readv/writev and
/// /proc/TID/{maps,stat}, so the device takes exactly the paths of a caller behind a device node
/// (process_vm_readv/writev on every access, no mlock) — on memory this test can put a userfaultfd over.
/// </summary>
internal sealed partial class StandInCaller : IDisposable
{
    private readonly ManualResetEventSlim _exit = new(false);
    private readonly Thread _thread;

    public StandInCaller()
    {
        using var started = new ManualResetEventSlim(false);
        _thread = new Thread(() =>
        {
            ThreadId = GetTid();
            started.Set();
            _exit.Wait();
        }) { IsBackground = true, Name = "stand-in caller" };
        _thread.Start();
        started.Wait();
        Assert.NotEqual(Environment.ProcessId, ThreadId); // else the device would see its own process
    }

    /// <summary>The thread id to pass as the caller's pid; alive until disposed.</summary>
    public int ThreadId { get; private set; }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    public void Dispose()
    {
        _exit.Set();
        _thread.Join();
        _exit.Dispose();
    }
}
