using AbiKit.Interop.Alloc;

namespace AbiKit.Reference.Device;

/// <summary>A client's handle for an object, with what this client holds on it.</summary>
internal sealed class HandleEntry
{
    public HandleEntry(DeviceObject obj, long serial)
    {
        Object = obj;
        Serial = serial;
    }

    public DeviceObject Object { get; private set; }

    /// <summary>
    /// Which use of this entry it is: the device recycles entries of closed handles, so an ioctl that let the lock
    /// go and looks its handle up again compares the serial, not just the entry.
    /// </summary>
    public long Serial { get; private set; }

    /// <summary>Makes a removed entry a new handle's.</summary>
    public void Reuse(DeviceObject obj, long serial)
    {
        Object = obj;
        Serial = serial;
        Pins = 0;
        Window = null;
    }

    /// <summary>Pins taken through this handle.</summary>
    public int Pins { get; set; }

    /// <summary>Flags of the open CPU-access window, or null.</summary>
    public AccessFlags? Window { get; set; }
}
