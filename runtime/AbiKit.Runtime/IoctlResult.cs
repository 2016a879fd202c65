namespace AbiKit.Runtime;

/// <summary>
/// What an ioctl returns, as the kernel's handlers do: a non-negative value on success (0 for most ioctls; a new file
/// descriptor for udmabuf's CREATE), or a negated errno. Converts implicitly from <see cref="Runtime.Errno"/>, so a
/// handler that only fails or succeeds returns an errno as before.
/// </summary>
public readonly record struct IoctlResult
{
    private IoctlResult(int raw) => Raw = raw;

    /// <summary>The kernel's spelling: the value (≥ 0) or -errno.</summary>
    public int Raw { get; }

    /// <summary>True when the ioctl failed.</summary>
    public bool IsError => Raw < 0;

    /// <summary>The errno: <see cref="Errno.Ok"/> on success.</summary>
    public Errno Errno => Raw < 0 ? (Errno)(-Raw) : Errno.Ok;

    /// <summary>The value a successful ioctl returned (0 when it failed).</summary>
    public int Value => Raw < 0 ? 0 : Raw;

    /// <summary>Success with <paramref name="value"/> as the return value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative (it would read as an errno).</exception>
    public static IoctlResult Success(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new IoctlResult(value);
    }

    /// <summary>The result of the kernel's return value <paramref name="raw"/> (negative: -errno).</summary>
    public static IoctlResult FromRaw(int raw) => new(raw);

    /// <summary>An errno as a result: <see cref="Errno.Ok"/> is 0.</summary>
    public static implicit operator IoctlResult(Errno errno) => new(-(int)errno);

    /// <inheritdoc />
    public override string ToString() => IsError ? Errno.ToString() : Raw.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
