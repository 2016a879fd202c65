
namespace AbiKit.Reference.Device;

/// <summary>Per open file: its handles and what it has charged.</summary>
internal sealed class ClientState
{
    public ClientState(long id, bool checkedMode)
    {
        Id = id;
        Handles = new HandleTable<HandleEntry>(checkedMode);
    }

    public long Id { get; private set; }
    public HandleTable<HandleEntry> Handles { get; }
    public ulong PinnedBytes { get; set; }

    /// <summary>The handle this client holds for an object (import returns it instead of a second one).</summary>
    public Dictionary<long, uint> ByObject { get; } = new();

    /// <summary>
    /// Handles beyond the recorded one, per object (GEM_OPEN gives a file a new handle every time): while any is
    /// left the file still holds the object — it may map it, and import finds it — after the recorded one closes.
    /// </summary>
    public Dictionary<long, int> ExtraHandles { get; } = new();

    /// <summary>Asked to let go of a pinned handle so the device can move the object; returns true if it unpinned.</summary>
    public Func<uint, bool>? OnMoveRequested { get; set; }
}
