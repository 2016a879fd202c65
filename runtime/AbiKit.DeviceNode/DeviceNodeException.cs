namespace AbiKit.DeviceNode;

/// <summary>A device node could not be served: /dev/fuse is missing, the privilege to mount is missing, or the directory is unusable.</summary>
public sealed class DeviceNodeException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public DeviceNodeException(string message)
        : base(message)
    {
    }
}
