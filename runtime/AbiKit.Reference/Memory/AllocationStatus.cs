using AbiKit.Runtime;

namespace AbiKit.Reference.Memory;

/// <summary>The outcome of <see cref="BackingStore.TryAllocate"/>; see <see cref="AllocationStatusExtensions.ToErrno"/>.</summary>
public enum AllocationStatus
{
    /// <summary>The allocation succeeded.</summary>
    Success = 0,

    /// <summary>The size was zero or negative (EINVAL).</summary>
    InvalidSize,

    /// <summary>The size exceeds <see cref="BackingStore.ArenaCapacity"/>, the largest possible object; checked
    /// before rounding, so rounding cannot wrap (E2BIG).</summary>
    TooLarge,

    /// <summary>No arena had room and no further arena could be created: the store's arena limit was reached or
    /// memfd_create/ftruncate/mmap failed (ENOMEM).</summary>
    OutOfMemory,
}

/// <summary>Maps <see cref="AllocationStatus"/> to the errno an ioctl reports.</summary>
public static class AllocationStatusExtensions
{
    /// <summary><see cref="AllocationStatus.Success"/> → <see cref="Errno.Ok"/>,
    /// <see cref="AllocationStatus.InvalidSize"/> → <see cref="Errno.EINVAL"/>,
    /// <see cref="AllocationStatus.TooLarge"/> → <see cref="Errno.E2BIG"/>,
    /// <see cref="AllocationStatus.OutOfMemory"/> → <see cref="Errno.ENOMEM"/>.</summary>
    public static Errno ToErrno(this AllocationStatus status) => status switch
    {
        AllocationStatus.Success => Errno.Ok,
        AllocationStatus.InvalidSize => Errno.EINVAL,
        AllocationStatus.TooLarge => Errno.E2BIG,
        AllocationStatus.OutOfMemory => Errno.ENOMEM,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown allocation status."),
    };
}
