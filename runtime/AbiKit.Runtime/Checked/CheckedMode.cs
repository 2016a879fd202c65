using System.Collections.Concurrent;
using AbiKit.Model;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Checked;

/// <summary>
/// Checked mode, for any family: like the kernel's DMA-API debugging, plus the begin/end pairing state it lacks.
/// The dispatch table runs it around each request of a file it is attached to (<see cref="Attach"/>), reading
/// what the request does from the spec's semantics (<see cref="IoctlSemantics"/> on the dispatch entry): which
/// handles it creates, destroys, takes in, begins or ends CPU access on, or queues device work on. Misuse is a
/// <see cref="MisuseReport"/> (named as the spec names the request) and, for pairing misuse the device would
/// not refuse, an errno instead of the call. Handles the device refuses are reported after the call (stale:
/// destroyed earlier; unknown: in a begin or end of CPU access), the errno being the device's own.
/// </summary>
/// <remarks>
/// A device tells checked mode what only it can see through <see cref="Report"/> (e.g. user memory unmapped
/// under an object). Pairing is tracked per handle; windows are counted per object when the device implements
/// <see cref="IObjectIdentity"/> (so another file's window on a shared object counts), else per handle. Handles
/// a request without creating semantics gave out are adopted the first time a request on them succeeds.
/// </remarks>
public sealed class CheckedMode
{
    // Destroyed handles remembered per file, to tell a stale handle from one never given out; forgotten in bulk
    // beyond this many (a long-running checked client then misses some stale uses rather than growing forever).
    private const int DestroyedLimit = 4096;

    private readonly object _sync = new();
    private readonly ConcurrentQueue<MisuseReport> _reports = new();
    // Open CPU-access windows per object (or per file and handle, without an identity from the device).
    private readonly Dictionary<object, int> _windows = new();

    /// <summary>What checked mode found so far.</summary>
    public IReadOnlyCollection<MisuseReport> Reports => _reports;

    /// <summary>Raised (on the reporting thread) for each report.</summary>
    public event Action<MisuseReport>? MisuseReported;

    /// <summary>Checks every request dispatched on <paramref name="file"/> from now on.</summary>
    public void Attach(DrmFile file) => file.Checked = new CheckedFile(this);

    /// <summary>Records a report (for misuse only the device can see).</summary>
    public void Report(MisuseKind kind, string ioctl, uint handle, string message)
    {
        var report = new MisuseReport(kind, ioctl, handle, message);
        _reports.Enqueue(report);
        MisuseReported?.Invoke(report);
    }

    /// <summary>
    /// The file was released (the device calls it from its file release, after the file's last call): handles it
    /// still holds are leaked objects (one report), and its windows close.
    /// </summary>
    public void Released(DrmFile file)
    {
        if (file.Checked is not { } state || state.Mode != this) return;
        List<ulong> leaked;
        lock (_sync)
        {
            leaked = state.Live.Keys.Where(h => h != CheckedFile.FileObject).OrderBy(h => h).ToList();
            foreach (var handle in state.Live.Values) CloseWindow(handle);
            state.Live.Clear();
            state.Destroyed.Clear();
        }
        if (leaked.Count > 0)
        {
            Report(MisuseKind.LeakedObjects, "close", (uint)leaked[0],
                $"{leaked.Count} object(s) still open when the client closed (handles {string.Join(", ", leaked.Take(8).Select(h => $"{h:x}"))}{(leaked.Count > 8 ? ", ..." : "")}): close every handle (Dispose the buffer) before closing the device");
        }
    }

    /// <summary>
    /// Before the handler: pairing misuse (a nested begin, an end without or unlike its begin) and device work on
    /// an object inside a window are refused here, with a report; anything else is the handler's to answer.
    /// </summary>
    internal Errno Before(string ioctl, IoctlSemantics? semantics, ReadOnlySpan<byte> argument, DrmFile file, IObjectIdentity? identities)
    {
        if (semantics is null || file.Checked is not { } state) return Errno.Ok;
        foreach (var effect in semantics.Effects)
        {
            if (!effect.AppliesTo(argument)) continue;
            ulong handle = effect.Object is null ? CheckedFile.FileObject : effect.Object(argument);
            switch (effect.Effect)
            {
                case SemanticEffect.BeginsCpuAccess:
                {
                    CpuAccess? window;
                    lock (_sync) window = state.Live.TryGetValue(handle, out var open) ? open.Window : null;
                    if (window is { } begun)
                        return Refuse(Errno.EINVAL, MisuseKind.NestedBegin, ioctl, handle, $"CPU access begun ({effect.DirectionOf(argument)}) while a window ({begun}) is open on handle {handle:x}: end the first window before beginning another");
                    break;
                }
                case SemanticEffect.EndsCpuAccess:
                {
                    bool known;
                    CpuAccess? window;
                    lock (_sync)
                    {
                        // The file itself (dma-buf) is always held; a handle only once given out.
                        known = state.Live.TryGetValue(handle, out var held) || handle == CheckedFile.FileObject;
                        window = held?.Window;
                    }
                    if (!known) break; // unknown: the handler answers, After reports
                    if (window is not { } begun)
                        return Refuse(Errno.EINVAL, MisuseKind.EndWithoutBegin, ioctl, handle, $"CPU access ended on handle {handle:x} with no window open: begin CPU access before touching the mapping");
                    var ends = effect.DirectionOf(argument);
                    if (ends != CpuAccess.None && begun != CpuAccess.None && ends != begun)
                        return Refuse(Errno.EINVAL, MisuseKind.EndFlagsMismatch, ioctl, handle, $"CPU access on handle {handle:x} began for {begun} but ends for {ends}: end in the direction it began, or the wrong caches are maintained");
                    break;
                }
                case SemanticEffect.QueuesDeviceWork when handle != 0:
                    // Outside the lock: the device answers under its own.
                    var key = KeyOf(file, handle, identities);
                    if (key is null) break;
                    int windows;
                    lock (_sync) windows = _windows.GetValueOrDefault(key);
                    if (windows > 0)
                        return Refuse(Errno.EBUSY, MisuseKind.SubmitDuringCpuAccess, ioctl, handle, "device work submitted on an object inside a CPU access window: end CPU access before the device touches it");
                    break;
            }
        }
        return Errno.Ok;
    }

    /// <summary>Reports (outside the lock: a subscriber may call into the device) and answers <paramref name="errno"/>.</summary>
    private Errno Refuse(Errno errno, MisuseKind kind, string ioctl, ulong handle, string message)
    {
        Report(kind, ioctl, (uint)handle, message);
        return errno;
    }

    /// <summary>
    /// After the handler: a success updates the file's handles and windows as the spec's effects say; a failure
    /// on a destroyed handle is reported as stale, and a begin or end of CPU access on a handle never held as unknown.
    /// </summary>
    internal void After(string ioctl, IoctlSemantics? semantics, ReadOnlySpan<byte> argument, DrmFile file, IObjectIdentity? identities, Errno result)
    {
        if (semantics is null || file.Checked is not { } state) return;
        if (result != Errno.Ok)
        {
            ReportFailure(ioctl, semantics, argument, state);
            return;
        }
        // Identities first, outside the lock (the device answers under its own).
        object? opened = null;
        foreach (var effect in semantics.Effects)
        {
            if (effect.Effect == SemanticEffect.BeginsCpuAccess && effect.AppliesTo(argument))
                opened = KeyOf(file, effect.Object is null ? CheckedFile.FileObject : effect.Object(argument), identities);
        }
        lock (_sync)
        {
            // A handle a request succeeded on is live, whichever request gave it out.
            foreach (var read in semantics.Handles)
            {
                ulong handle = read(argument);
                if (handle != 0) Adopt(state, handle);
            }
            foreach (var effect in semantics.Effects)
            {
                if (!effect.AppliesTo(argument)) continue;
                ulong handle = effect.Object is null ? CheckedFile.FileObject : effect.Object(argument);
                if (Vocabulary.Effects[effect.Effect].ProducesObject)
                {
                    if (handle != 0) Adopt(state, handle);
                    continue;
                }
                switch (effect.Effect)
                {
                    case SemanticEffect.Destroys:
                        if (state.Live.Remove(handle, out var gone)) CloseWindow(gone);
                        if (state.Destroyed.Count >= DestroyedLimit) state.Destroyed.Clear();
                        state.Destroyed.Add(handle);
                        break;
                    case SemanticEffect.BeginsCpuAccess:
                    {
                        var held = Adopt(state, handle);
                        if (held.Window is null && opened is not null)
                        {
                            held.Window = effect.DirectionOf(argument);
                            held.Identity = opened;
                            _windows[opened] = _windows.GetValueOrDefault(opened) + 1;
                        }
                        break;
                    }
                    case SemanticEffect.EndsCpuAccess:
                        if (state.Live.TryGetValue(handle, out var ended)) CloseWindow(ended);
                        break;
                    case SemanticEffect.Pins:
                        Adopt(state, handle).Pins++;
                        break;
                    case SemanticEffect.Unpins:
                        if (state.Live.TryGetValue(handle, out var unpinned) && unpinned.Pins > 0) unpinned.Pins--;
                        break;
                }
            }
        }
    }

    private void ReportFailure(string ioctl, IoctlSemantics semantics, ReadOnlySpan<byte> argument, CheckedFile state)
    {
        string? message = null;
        var kind = MisuseKind.StaleHandle;
        ulong named = 0;
        lock (_sync)
        {
            foreach (var read in semantics.Handles)
            {
                ulong handle = read(argument);
                if (handle != 0 && !state.Live.ContainsKey(handle) && state.Destroyed.Contains(handle))
                {
                    named = handle;
                    message = $"handle {handle:x} was closed: the caller kept using a closed buffer (use after close)";
                    break;
                }
            }
            if (message is null)
            {
                foreach (var effect in semantics.Effects)
                {
                    if (effect.Effect is not (SemanticEffect.BeginsCpuAccess or SemanticEffect.EndsCpuAccess) || effect.Object is null || !effect.AppliesTo(argument)) continue;
                    ulong handle = effect.Object(argument);
                    if (state.Live.ContainsKey(handle)) continue;
                    kind = MisuseKind.SyncOnUnknownHandle;
                    named = handle;
                    message = $"CPU access synced on handle {handle:x}, which this client does not hold (closed or never created)";
                    break;
                }
            }
        }
        if (message is not null) Report(kind, ioctl, (uint)named, message);
    }

    /// <summary>Under the lock: the handle's state, live from now on.</summary>
    private static CheckedHandle Adopt(CheckedFile state, ulong handle)
    {
        if (!state.Live.TryGetValue(handle, out var held))
        {
            held = new CheckedHandle();
            state.Live.Add(handle, held);
            state.Destroyed.Remove(handle);
        }
        return held;
    }

    /// <summary>Under the lock: the handle's window (if any) closes.</summary>
    private void CloseWindow(CheckedHandle held)
    {
        if (held.Window is null) return;
        held.Window = null;
        if (held.Identity is { } key && _windows.TryGetValue(key, out int count))
        {
            if (count <= 1) _windows.Remove(key);
            else _windows[key] = count - 1;
        }
        held.Identity = null;
    }

    /// <summary>The object <paramref name="handle"/> names, for counting windows: the device's identity, or the file and handle.</summary>
    private static object? KeyOf(DrmFile file, ulong handle, IObjectIdentity? identities)
    {
        if (handle == CheckedFile.FileObject) return file;
        return identities is null ? new FileHandle(file, handle) : identities.IdentityOf(file, handle);
    }

    private sealed record FileHandle(DrmFile File, ulong Handle);
}

/// <summary>Checked mode's view of one open file: the handles it holds, and those it destroyed.</summary>
internal sealed class CheckedFile
{
    /// <summary>The key of the file itself when it is the object (dma-buf): 0 is never a handle.</summary>
    public const ulong FileObject = 0;

    public CheckedFile(CheckedMode mode) => Mode = mode;

    public CheckedMode Mode { get; }

    public Dictionary<ulong, CheckedHandle> Live { get; } = new();

    public HashSet<ulong> Destroyed { get; } = new();
}

/// <summary>What checked mode knows of one handle.</summary>
internal sealed class CheckedHandle
{
    /// <summary>The open CPU-access window's direction; null when none is open.</summary>
    public CpuAccess? Window { get; set; }

    /// <summary>The object the window counts against.</summary>
    public object? Identity { get; set; }

    /// <summary>Pins taken through it.</summary>
    public int Pins { get; set; }
}
