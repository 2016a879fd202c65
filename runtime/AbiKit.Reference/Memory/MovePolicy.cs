namespace AbiKit.Reference.Memory;

/// <summary>Where <see cref="BackingStore.TryMove(Allocation, MovePolicy, out Allocation)"/> may place an object.</summary>
public enum MovePolicy
{
    /// <summary>Anywhere with room (the first fit, possibly in a new arena); fails only when memory is exhausted.
    /// Lets a device migrate an object on demand, e.g. to exercise clients' handling of migration.</summary>
    Anywhere = 0,

    /// <summary>Only to a lower address: an earlier arena, or a lower offset in the same arena; never creates an
    /// arena. Repeating this over the live objects compacts the store toward its first arena's start.</summary>
    Compact,
}
