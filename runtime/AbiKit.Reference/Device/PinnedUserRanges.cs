namespace AbiKit.Reference.Device;

/// <summary>
/// The USERPTR objects whose pages this device holds locked (or is locking): their ranges may overlap, and
/// mlock/madvise do not nest, so a release must see the others. An intrusive doubly linked list through the
/// objects: adding and removing cost a few pointer writes and no hashing (a HashSet asked the runtime for each
/// new object's identity hash, about a tenth of the device's own work per import). Used under the device's lock.
/// </summary>
internal sealed class PinnedUserRanges
{
    private DeviceObject? _first;

    /// <summary>How many objects are in the list.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a USERPTR object; false when it is already in.</summary>
    public bool Add(DeviceObject obj)
    {
        var links = obj.RangeLinks;
        if (links.Linked) return false;
        links.Linked = true;
        links.Previous = null;
        links.Next = _first;
        if (_first is not null) _first.RangeLinks.Previous = obj;
        _first = obj;
        Count++;
        return true;
    }

    /// <summary>Removes an object; false when it was not in (a non-USERPTR object never is).</summary>
    public bool Remove(DeviceObject obj)
    {
        if (!obj.IsUserptr) return false;
        var links = obj.RangeLinks;
        if (!links.Linked) return false;
        if (links.Previous is null) _first = links.Next;
        else links.Previous.RangeLinks.Next = links.Next;
        if (links.Next is not null) links.Next.RangeLinks.Previous = links.Previous;
        links.Previous = links.Next = null;
        links.Linked = false;
        Count--;
        return true;
    }

    /// <summary>The objects, newest first; the list must not change during the walk.</summary>
    public Enumerator GetEnumerator() => new(_first);

    /// <summary>An allocation-free walk of the list.</summary>
    public struct Enumerator(DeviceObject? first)
    {
        private DeviceObject? _next = first;

        /// <summary>The object the walk is at.</summary>
        public DeviceObject Current { get; private set; } = null!;

        /// <summary>Steps to the next object; false at the end.</summary>
        public bool MoveNext()
        {
            if (_next is null) return false;
            Current = _next;
            _next = _next.RangeLinks.Next;
            return true;
        }
    }

    /// <summary>The links one object carries (USERPTR objects only: the base of what only they have).</summary>
    internal class Links
    {
        public DeviceObject? Previous;
        public DeviceObject? Next;
        public bool Linked;
    }
}
