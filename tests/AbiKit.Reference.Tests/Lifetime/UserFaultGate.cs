using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// A userfaultfd over private anonymous memory whose pages are not populated yet: the first touch of any page —
/// by a CPU copy in user space, or by the kernel on this process's behalf (copy_to_user in pread(2), mlock's
/// population, process_vm_readv/writev) — blocks the touching thread until the test calls <see cref="Release"/>.
/// A handler thread reads the fault messages, so the test knows the moment a thread is stalled on the range, and
/// knows it stays stalled until it releases: a slow user page fault that never ends on its own.
/// </summary>
internal sealed unsafe partial class UserFaultGate : IDisposable
{
    /// <summary>Generous bound for what must happen (a failure detector, never a statement about speed).</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // <linux/userfaultfd.h>; the codes are _IOWR/_IOR(0xAA, nr, struct) with the structs below.
    private const ulong UffdApi = 0xAA;
    private const nuint UffdioApi = 0xC018AA3F;      // _IOWR(0xAA, 0x3F, struct uffdio_api)
    private const nuint UffdioRegister = 0xC020AA00; // _IOWR(0xAA, 0x00, struct uffdio_register)
    private const nuint UffdioUnregister = 0x8010AA01; // _IOR(0xAA, 0x01, struct uffdio_range)
    private const nuint UffdioWake = 0x8010AA02;     // _IOR(0xAA, 0x02, struct uffdio_range)
    private const nuint UffdioCopy = 0xC028AA03;     // _IOWR(0xAA, 0x03, struct uffdio_copy)
    private const nuint UserfaultfdIocNew = 0xAA00;  // _IO(0xAA, 0x00) on /dev/userfaultfd
    private const ulong RegisterModeMissing = 1;
    private const byte EventPagefault = 0x12;
    private const int ONonblock = 0x800;
    private const int ORdwr = 2;
    private const short PollIn = 1;
    private const int Eintr = 4, Eagain = 11, Eexist = 17;

    [StructLayout(LayoutKind.Sequential)]
    private struct UffdioApiArgs { public ulong Api, Features, Ioctls; }

    [StructLayout(LayoutKind.Sequential)]
    private struct UffdioRange { public ulong Start, Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct UffdioRegisterArgs { public UffdioRange Range; public ulong Mode, Ioctls; }

    [StructLayout(LayoutKind.Sequential)]
    private struct UffdioCopyArgs { public ulong Destination, Source, Length, Mode; public long Copied; }

    // struct uffd_msg (32 bytes): the event, then for a page fault its flags and address.
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    private struct UffdMsg
    {
        [FieldOffset(0)] public byte Event;
        [FieldOffset(8)] public ulong Flags;
        [FieldOffset(16)] public ulong Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd { public int Fd; public short Events, Revents; }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    private static readonly ulong Page = (ulong)Environment.SystemPageSize;

    private readonly int _fd;
    private readonly int _stopRead, _stopWrite;
    private readonly byte[] _contents;
    private readonly Thread _handler;
    private readonly ManualResetEventSlim _faulted = new(false);
    private readonly object _sync = new();
    private bool _released;
    private ulong _firstFault;
    private int _faults;
    private string? _error;

    private UserFaultGate(int fd, ulong address, ulong length, byte[] contents)
    {
        _fd = fd;
        Address = address;
        Length = length;
        _contents = contents;
        int* pipe = stackalloc int[2];
        Assert.Equal(0, LibC.Pipe2(pipe, LibC.O_CLOEXEC));
        _stopRead = pipe[0];
        _stopWrite = pipe[1];
        _handler = new Thread(Run) { IsBackground = true, Name = "userfaultfd handler" };
        _handler.Start();
    }

    /// <summary>Start of the registered range.</summary>
    public ulong Address { get; }

    /// <summary>Length of the registered range.</summary>
    public ulong Length { get; }

    /// <summary>The address of the first fault the handler read; valid once <see cref="WaitForFault"/> returned.</summary>
    public ulong FirstFault
    {
        get { lock (_sync) return _firstFault; }
    }

    /// <summary>True once <see cref="Release"/> ran: before that, every thread that touched the range is still blocked.</summary>
    public bool Released
    {
        get { lock (_sync) return _released; }
    }

    /// <summary>
    /// Registers [<paramref name="address"/>, + <paramref name="contents"/>.Length), private anonymous memory none
    /// of whose pages is populated, for missing-page faults. Once released the pages hold <paramref name="contents"/>.
    /// Fails, saying why, where this kernel or process offers no userfaultfd.
    /// </summary>
    public static UserFaultGate Register(ulong address, byte[] contents)
    {
        ulong length = (ulong)contents.Length;
        Assert.True(length > 0 && address % Page == 0 && length % Page == 0, "the gate covers whole pages");
        int fd = Open();
        var api = new UffdioApiArgs { Api = UffdApi };
        Assert.True(LibC.Ioctl(fd, UffdioApi, &api) == 0, $"UFFDIO_API failed: errno {Marshal.GetLastPInvokeError()}");
        var register = new UffdioRegisterArgs { Range = new UffdioRange { Start = address, Length = length }, Mode = RegisterModeMissing };
        if (LibC.Ioctl(fd, UffdioRegister, &register) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.Close(fd);
            Assert.Fail($"UFFDIO_REGISTER of {address:x}+{length:x} failed: errno {errno}");
        }
        return new UserFaultGate(fd, address, length, contents);
    }

    /// <summary>userfaultfd(O_CLOEXEC | O_NONBLOCK), or /dev/userfaultfd's USERFAULTFD_IOC_NEW where the syscall is refused.</summary>
    private static int Open()
    {
        const int Flags = LibC.O_CLOEXEC | ONonblock;
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 323,
            Architecture.Arm64 => 282,
            _ => -1,
        };
        Assert.True(number > 0, $"userfaultfd: no syscall number known for {RuntimeInformation.ProcessArchitecture}; these tests need x86_64 or arm64");
        long fd = Syscall(number, Flags);
        if (fd >= 0) return (int)fd;
        int syscallErrno = Marshal.GetLastPInvokeError();
        int device = LibC.Open("/dev/userfaultfd", ORdwr | LibC.O_CLOEXEC);
        int deviceErrno = Marshal.GetLastPInvokeError();
        if (device >= 0)
        {
            int created = LibC.Ioctl(device, UserfaultfdIocNew, (void*)Flags);
            deviceErrno = Marshal.GetLastPInvokeError();
            LibC.Close(device);
            if (created >= 0) return created;
        }
        Assert.Fail($"userfaultfd is unavailable (syscall: errno {syscallErrno}; /dev/userfaultfd: errno {deviceErrno}): the user-fault tests "
            + "need CONFIG_USERFAULTFD and root (or vm.unprivileged_userfaultfd=1, or access to /dev/userfaultfd)");
        return -1;
    }

    /// <summary>
    /// Waits until some thread faults on the range and the handler has read its message — that thread is then
    /// blocked in the fault. Fails if <paramref name="faulter"/> completes first (it never touched the range) or
    /// nothing faults within <see cref="Bound"/>.
    /// </summary>
    public void WaitForFault(Task faulter)
    {
        int which = WaitHandle.WaitAny([_faulted.WaitHandle, ((IAsyncResult)faulter).AsyncWaitHandle], Bound);
        Assert.True(which != WaitHandle.WaitTimeout, $"no page fault on the registered range within {Bound.TotalSeconds} s");
        Assert.True(_faulted.IsSet, $"the ioctl completed without touching the registered range (status {faulter.Status})");
        ulong first = FirstFault;
        Assert.True(first >= Address && first < Address + Length, $"a fault at {first:x}, outside the registered range");
    }

    /// <summary>Resolves every fault, now and later: the pages get their contents and blocked threads go on.</summary>
    public void Release()
    {
        lock (_sync)
        {
            if (_released) return;
            _released = true;
        }
        for (ulong offset = 0; offset < Length; offset += Page) Resolve(Address + offset);
        var range = new UffdioRange { Start = Address, Length = Length };
        LibC.Ioctl(_fd, UffdioWake, &range);
        lock (_sync) Assert.True(_error is null, _error);
    }

    /// <summary>Fills one page with its contents (UFFDIO_COPY wakes its waiters); a page already there only wakes them.</summary>
    private void Resolve(ulong page)
    {
        fixed (byte* source = _contents)
        {
            var copy = new UffdioCopyArgs { Destination = page, Source = (ulong)source + (page - Address), Length = Page };
            while (LibC.Ioctl(_fd, UffdioCopy, &copy) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Eagain) continue;
                if (errno == Eexist)
                {
                    var range = new UffdioRange { Start = page, Length = Page };
                    LibC.Ioctl(_fd, UffdioWake, &range);
                    return;
                }
                lock (_sync) _error ??= $"UFFDIO_COPY at {page:x} failed: errno {errno}";
                return;
            }
        }
    }

    /// <summary>The handler thread: reads fault messages until disposed; resolves them only once released.</summary>
    private void Run()
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _fd, Events = PollIn };
        fds[1] = new PollFd { Fd = _stopRead, Events = PollIn };
        UffdMsg message;
        while (true)
        {
            fds[0].Revents = fds[1].Revents = 0;
            if (Poll(fds, 2, -1) < 0 && Marshal.GetLastPInvokeError() == Eintr) continue;
            if (fds[1].Revents != 0) return;
            if (LibC.Read(_fd, &message, (nuint)sizeof(UffdMsg)) != sizeof(UffdMsg) || message.Event != EventPagefault) continue;
            bool released;
            lock (_sync)
            {
                if (_faults++ == 0) _firstFault = message.Address;
                released = _released;
            }
            _faulted.Set();
            if (released) Resolve(message.Address & ~(Page - 1));
        }
    }

    /// <summary>Releases (so no thread stays blocked), stops the handler and unregisters the range.</summary>
    public void Dispose()
    {
        Release();
        byte stop = 1;
        LibC.Write(_stopWrite, &stop, 1);
        _handler.Join();
        var range = new UffdioRange { Start = Address, Length = Length };
        LibC.Ioctl(_fd, UffdioUnregister, &range);
        LibC.Close(_fd);
        LibC.Close(_stopRead);
        LibC.Close(_stopWrite);
        _faulted.Dispose();
    }
}
