using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// Issue 14: "a user page fault is taken while holding the device-wide lock, stalling every client". Each test
/// has client A's ioctl touch user memory behind a <see cref="UserFaultGate"/>, so A blocks in a page fault that
/// does not end until the test says so. While A is provably still blocked (the fault unresolved, A not
/// returned), client B must get through CREATE, PWRITE, PREAD, BUSY and CLOSE of its own object; then the fault
/// is resolved and A must complete with the right result and data. A device that held its lock across the copy
/// would leave B waiting for as long as the fault lasts: B's bound (<see cref="UserFaultGate.Bound"/>) only
/// detects that, it says nothing about speed.
/// </summary>
[Collection(UserptrCollection.Name)] // maps memory in the USERPTR tests' address-space slots
public sealed unsafe class UserFaultUnderLockTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;
    private const ulong Large = 1 << 20; // the direct-copy path (from UserMemory.DirectCopyThreshold up)

    /// <summary>
    /// Runs <paramref name="stalling"/> on a thread of its own until it blocks on <paramref name="gate"/>'s range,
    /// has another client work meanwhile, then releases the fault; returns what the stalled call returned.
    /// </summary>
    private static T WhileStalled<T>(DeviceFixture fx, UserFaultGate gate, Func<T> stalling)
    {
        var a = Task.Factory.StartNew(stalling, TaskCreationOptions.LongRunning);
        gate.WaitForFault(a);
        var b = Task.Factory.StartNew(() => AnotherClientWorks(fx), TaskCreationOptions.LongRunning);
        bool bDone = b.Wait(UserFaultGate.Bound);
        bool aStalled = !a.IsCompleted && !gate.Released; // read before anything can resolve the fault
        gate.Release();
        Assert.True(a.Wait(UserFaultGate.Bound), "the stalled ioctl did not complete once its page fault was resolved");
        Assert.True(bDone, $"B blocked behind A's page fault: another client's ioctls did not complete within {UserFaultGate.Bound.TotalSeconds} s "
            + "while A's fault was unresolved (the device held its lock across a copy that faulted)");
        Assert.True(aStalled, "A completed while its fault was unresolved: the test proved nothing");
        return a.Result;
    }

    /// <summary>
    /// Client B, opened while A is stalled: its own object, end to end, mapped too (mmap and munmap need this
    /// process's mmap lock for writing, so a fault waited for under it would show here as well).
    /// </summary>
    private static void AnotherClientWorks(DeviceFixture fx)
    {
        var b = fx.Open();
        var bo = b.Create(4 * Page);
        var data = Pattern(4 * Page, 0xB0);
        b.Write(bo, 0, data);
        Assert.Equal(Errno.Ok, b.Busy(bo, out uint busy));
        Assert.Equal(0u, busy);
        Assert.Equal(data, b.Read(bo, 0, data.Length));
        using (var mapping = b.Map(bo, 4 * Page)) Assert.True(mapping.Span(0, data.Length).SequenceEqual(data));
        Assert.Equal(Errno.Ok, b.Close(bo));
    }

    private static byte[] Pattern(ulong length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(seed + i * 31 + (i >> 12));
        return bytes;
    }

    private static Errno Transfer(TestClient c, bool write, BoHandle handle, ulong pointer, ulong size)
    {
        if (write)
        {
            var args = new PwriteArgs { Handle = handle, Size = size, DataPtr = pointer };
            return c.Alloc.Pwrite(ref args);
        }
        var read = new PreadArgs { Handle = handle, Size = size, DataPtr = pointer };
        return c.Alloc.Pread(ref read);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void APreadOrPwriteFaultingOnItsBufferStallsOnlyItsCaller(bool write, bool large)
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        ulong size = large ? Large : Page;
        var bo = a.Create(size, Caching.WriteCombined); // PWRITE also updates the CPU view: more work outside the lock
        var objectData = Pattern(size, 0x11);
        if (!write) a.Write(bo, 0, objectData);
        var userData = Pattern(size, 0x5C);
        using var pages = UserPages.Anonymous((int)(size / Page));
        using var gate = UserFaultGate.Register(pages.Address, userData);
        // Large: the direct copy (a CPU memcpy) is what faults; small: the kernel's copy in pread(2)/pwrite(2).
        Assert.Equal(large, size >= UserMemory.DirectCopyThreshold && UserRange.IsPrivateAnonymous(pages.Address, size, write: !write));

        var result = WhileStalled(fx, gate, () => Transfer(a, write, bo, pages.Address, size));

        Assert.Equal(Errno.Ok, result);
        if (write) Assert.Equal(userData, a.Read(bo, 0, (int)size));
        else Assert.True(pages.Span.SequenceEqual(objectData));
        Assert.Equal(Errno.Ok, a.Close(bo));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APreadOrPwriteOfAnotherProcessFaultingOnItsBufferStallsOnlyItsCaller(bool write)
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var bo = a.Create(Large);
        var objectData = Pattern(Large, 0x21);
        if (!write) a.Write(bo, 0, objectData);
        var userData = Pattern(Large, 0x6D);
        using var caller = new StandInCaller();
        using var pages = UserPages.Anonymous((int)(Large / Page));
        using var gate = UserFaultGate.Register(pages.Address, userData);

        // Behind a device node: bounce buffers and process_vm_readv/writev on the caller's pid, which fault there.
        var result = WhileStalled(fx, gate, () =>
        {
            using var scope = CallerMemory.Enter(caller.ThreadId);
            return Transfer(a, write, bo, pages.Address, Large);
        });

        Assert.Equal(Errno.Ok, result);
        if (write) Assert.Equal(userData, a.Read(bo, 0, (int)Large));
        else Assert.True(pages.Span.SequenceEqual(objectData));
        Assert.Equal(Errno.Ok, a.Close(bo));
    }

    [Fact]
    public void AUserptrPinningUnpopulatedMemoryAtCreationStallsOnlyItsCaller()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        const int Pages = 16;
        var userData = Pattern(Pages * Page, 0x3A);
        using var pages = UserPages.Anonymous(Pages);
        using var gate = UserFaultGate.Register(pages.Address, userData);

        // Mapped, so pinned (mlock) at creation: mlock faults every page in.
        var (result, handle) = WhileStalled(fx, gate, () => (a.Userptr(pages.Address, Pages * Page, 0, out var h), h));

        Assert.Equal(Errno.Ok, result);
        Assert.Equal(DeviceEngine.Fnv1a(userData), a.DeviceChecksum(handle, 0, Pages * Page));
        Assert.Equal(Errno.Ok, a.Close(handle));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AUserptrFirstUseFaultingStallsOnlyItsCaller(bool submit)
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        const int Pages = 16;
        ulong size = Pages * Page;
        var userData = Pattern(size, 0x4B);
        using var pages = UserPages.Anonymous(Pages);
        // Created over a hole: nothing to pin, so the first use pins (i915's get_pages at first use).
        pages.Unmap(0, Pages);
        var handle = a.WrapUser(pages.Address, size);
        void* mapped = LibC.Mmap((void*)pages.Address, (nuint)size, UserPages.ProtRead | UserPages.ProtWrite,
            UserPages.MapPrivate | UserPages.MapAnonymous | 0x10 /* MAP_FIXED: back into the hole */, -1, 0);
        Assert.True(mapped == (void*)pages.Address, "could not map the hole again");
        try
        {
            var destination = a.Create(size);
            using (var gate = UserFaultGate.Register(pages.Address, userData))
            {
                var result = WhileStalled(fx, gate, () => submit
                    ? a.Submit(TestClient.Copy(handle, 0, destination, 0, size))
                    : a.Begin(handle, AccessFlags.Read));
                Assert.Equal(Errno.Ok, result);
            }
            if (submit) a.WaitIdle(destination);
            else Assert.Equal(Errno.Ok, a.End(handle, AccessFlags.Read));
            Assert.Equal(DeviceEngine.Fnv1a(userData), a.DeviceChecksum(handle, 0, size));
            if (submit) Assert.Equal(userData, a.Read(destination, 0, (int)size));
            Assert.Equal(Errno.Ok, a.Close(destination));
            Assert.Equal(Errno.Ok, a.Close(handle));
        }
        finally
        {
            LibC.Munmap((void*)pages.Address, (nuint)size);
        }
    }

    [Fact]
    public void TheEngineFaultingOnAnotherProcesssUserptrStallsNoClient()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        const int Pages = 16;
        ulong size = Pages * Page;
        var userData = Pattern(size, 0x7E);
        using var caller = new StandInCaller();
        using var pages = UserPages.Anonymous(Pages);
        using var gate = UserFaultGate.Register(pages.Address, userData);
        BoHandle handle;
        using (CallerMemory.Enter(caller.ThreadId)) handle = a.WrapUser(pages.Address, size); // not pinned: another process
        var destination = a.Create(size);

        // Another process's pages are never pinned: the engine reaches them with process_vm_readv, which faults.
        var result = WhileStalled(fx, gate, () =>
        {
            Errno submitted;
            using (CallerMemory.Enter(caller.ThreadId)) submitted = a.Submit(TestClient.Copy(handle, 0, destination, 0, size));
            if (submitted != Errno.Ok) return submitted;
            long timeout = TestClient.IdleBoundNs * 2;
            return a.Wait(destination, ref timeout);
        });

        Assert.Equal(Errno.Ok, result);
        Assert.Equal(userData, a.Read(destination, 0, (int)size));
        Assert.Equal(Errno.Ok, a.Close(destination));
        Assert.Equal(Errno.Ok, a.Close(handle));
    }
}
