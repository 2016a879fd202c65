using System.Diagnostics;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Runtime.Tests.Nodes;

/// <summary>copy_from_user/copy_to_user for devices: the caller's address space, EFAULT for bad pointers.</summary>
public sealed unsafe class CallerMemoryTests
{
    [Fact]
    public void Without_a_caller_the_user_space_is_this_process()
    {
        Assert.True(CallerMemory.IsSelf);
        Assert.Equal(Environment.ProcessId, CallerMemory.ProcessId);
        byte[] source = [1, 2, 3, 4];
        byte[] copy = new byte[4];
        fixed (byte* s = source)
        fixed (byte* d = copy)
        {
            Assert.Equal(Errno.Ok, CallerMemory.Read((ulong)s, copy));
            Assert.Equal(source, copy);
            Assert.Equal(Errno.Ok, CallerMemory.Write((ulong)d, new byte[] { 9, 9 }));
        }
        Assert.Equal(new byte[] { 9, 9, 3, 4 }, copy);
    }

    [Theory]
    [InlineData(0UL)]                  // NULL
    [InlineData(0x1000UL)]             // the first pages are never mapped
    [InlineData(ulong.MaxValue - 1)]   // wraps
    public void Bad_pointers_are_EFAULT_never_a_crash(ulong address)
    {
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(Errno.EFAULT, CallerMemory.Read(address, buffer));
        Assert.Equal(Errno.EFAULT, CallerMemory.Write(address, buffer));
    }

    [Fact]
    public void Enter_makes_another_process_the_caller_until_the_scope_ends()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            using (CallerMemory.Enter(child.Id))
            {
                Assert.False(CallerMemory.IsSelf);
                Assert.Equal(child.Id, CallerMemory.ProcessId);
                Span<byte> buffer = stackalloc byte[8];
                Assert.Equal(Errno.EFAULT, CallerMemory.Read(0x1000, buffer)); // unmapped there too
            }
            Assert.True(CallerMemory.IsSelf);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void A_caller_that_is_gone_is_EFAULT()
    {
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();
        int pid = child.Id;
        using (CallerMemory.Enter(pid))
        {
            Span<byte> buffer = stackalloc byte[8];
            fixed (byte* p = buffer) Assert.Equal(Errno.EFAULT, CallerMemory.Read((ulong)p, buffer));
        }
    }
}
