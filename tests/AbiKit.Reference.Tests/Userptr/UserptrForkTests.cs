using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.TestSupport;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// Fork safety (kernel-ioctl-abi.md §4.2): without protection, fork(2) makes the pinned pages copy-on-write
/// and the parent's next write moves its memory away from the device. The device marks private anonymous
/// ranges MADV_WIPEONFORK (the child gets zero-filled pages of its own) and other ranges MADV_DONTFORK (the
/// child has no mapping there), lazily: a fork handler advises the recorded ranges right before the process forks
/// (<see cref="ForkProtection"/>). The fork happens in C: the child never runs managed code.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class UserptrForkTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    private const string ForkSource = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <string.h>
        #include <sys/mman.h>
        #include <sys/types.h>
        #include <sys/wait.h>
        #include <unistd.h>

        static int wait_child(pid_t pid)
        {
            int status;
            if (pid < 0) return -1;
            while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR) return -2;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 100 + WTERMSIG(status);
            return -3;
        }

        /* Child: expects zeros at p (MADV_WIPEONFORK), writes value over them, checks the write, exits. */
        int fork_and_write(unsigned char *p, unsigned long n, int value)
        {
            pid_t pid = fork();
            if (pid == 0) {
                int code = 0;
                for (unsigned long i = 0; i < n; i++) if (p[i] != 0) { code = 2; break; }
                memset(p, value, n);
                for (unsigned long i = 0; i < n; i++) if (p[i] != (unsigned char)value) { code = 3; break; }
                _exit(code);
            }
            return wait_child(pid);
        }

        /* Child: exits 0 when nothing is mapped at p (MADV_DONTFORK), 4 when the range is there. */
        int fork_and_check_absent(unsigned char *p, unsigned long n)
        {
            pid_t pid = fork();
            if (pid == 0)
                _exit(msync(p, n, MS_ASYNC) != 0 && errno == ENOMEM ? 0 : 4);
            return wait_child(pid);
        }

        /* Child: exits 0 at once (the parent's fork handlers run all the same). */
        int fork_and_exit(void)
        {
            pid_t pid = fork();
            if (pid == 0) _exit(0);
            return wait_child(pid);
        }

        /* Child: exits 0 when it sees value everywhere at p (an ordinary fork copy), 5 otherwise. */
        int fork_and_expect(unsigned char *p, unsigned long n, int value)
        {
            pid_t pid = fork();
            if (pid == 0) {
                for (unsigned long i = 0; i < n; i++) if (p[i] != (unsigned char)value) _exit(5);
                _exit(0);
            }
            return wait_child(pid);
        }
        """;

    private static readonly Lazy<nint> Library = new(() =>
    {
        var dir = NativeToolchain.CreateTempDirectory("forktest");
        var path = Path.Combine(dir, "libforktest.so");
        NativeToolchain.CompileC(ForkSource, path, "-shared", "-fPIC", "-O2", "-Wall", "-Werror");
        var handle = NativeLibrary.Load(path); // stays loaded for the process; the file can go
        NativeToolchain.DeleteTempDirectory(dir);
        return handle;
    });

    private static int ForkAndWrite(ulong p, ulong n, int value)
        => ((delegate* unmanaged<byte*, nuint, int, int>)NativeLibrary.GetExport(Library.Value, "fork_and_write"))((byte*)p, (nuint)n, value);

    private static int ForkAndCheckAbsent(ulong p, ulong n)
        => ((delegate* unmanaged<byte*, nuint, int>)NativeLibrary.GetExport(Library.Value, "fork_and_check_absent"))((byte*)p, (nuint)n);

    /// <summary>fork(2) from C, a child that exits at once: the fork handlers run (0 when the child exited normally).</summary>
    internal static int ForkAndExit()
        => ((delegate* unmanaged<int>)NativeLibrary.GetExport(Library.Value, "fork_and_exit"))();

    private static int ForkAndExpect(ulong p, ulong n, int value)
        => ((delegate* unmanaged<byte*, nuint, int, int>)NativeLibrary.GetExport(Library.Value, "fork_and_expect"))((byte*)p, (nuint)n, value);

    [Fact]
    public void AChildWritingItsCopyNeitherHurtsItselfNorTheParentsObject()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(4);
        mem.Span.Fill(0x5A);
        var user = c.WrapUser(mem.Address, mem.Length, UserptrFlags.Probe);
        ulong before = c.DeviceChecksum(user, 0, mem.Length);
        Assert.Equal(DeviceEngine.Fnv1a(mem.Span), before);

        int child = ForkAndWrite(mem.Address, mem.Length, 0xC3);

        Assert.Equal(0, child); // exited normally, having seen zero-filled pages of its own and written them
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x5A, b)); // the parent's memory is unchanged
        Assert.Equal(before, c.DeviceChecksum(user, 0, mem.Length)); // and the device still reads it

        // No copy-on-write split: the parent's next write still goes to the pages the device uses...
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Write));
        mem.Span[..(int)Page].Fill(0x01);
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Write));
        Assert.Equal(DeviceEngine.Fnv1a(mem.Span), c.DeviceChecksum(user, 0, mem.Length));
        Assert.NotEqual(before, DeviceEngine.Fnv1a(mem.Span));

        // ...and the device's writes still reach the parent.
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, Page, Page, 0x99)));
        c.WaitIdle(user);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
        Assert.All(mem.Span.Slice((int)Page, (int)Page).ToArray(), b => Assert.Equal(0x99, b));
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read));
    }

    [Fact]
    public void ForkingWhileTheDeviceIsBusyLeavesTheParentsDataIntact()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        var user = c.WrapUser(mem.Address, mem.Length);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, mem.Length, 0x3C)));
        Assert.Equal(0, ForkAndWrite(mem.Address, mem.Length, 0xF0)); // the device's write is still pending
        fx.Device.ResumeEngine();
        c.WaitIdle(user);

        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x3C, b)); // the device's write reached the parent
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read));
    }

    [Fact]
    public void SharedMemoryIsLeftOutOfTheChild()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2, shared: true);
        mem.Span.Fill(0x21);
        var user = c.WrapUser(mem.Address, mem.Length, UserptrFlags.Probe);

        Assert.Equal(0, ForkAndCheckAbsent(mem.Address, mem.Length)); // MADV_DONTFORK: the child has no mapping there
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x21, b));
        Assert.Equal(DeviceEngine.Fnv1a(mem.Span), c.DeviceChecksum(user, 0, mem.Length));
    }

    [Fact]
    public void AfterCloseTheRangeForksNormallyAgain()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        mem.Span.Fill(0x6D);
        Assert.Equal(0, ForkAndExpect(mem.Address, mem.Length, 0x6D)); // baseline: an ordinary fork copy

        var user = c.WrapUser(mem.Address, mem.Length);
        Assert.Equal(5, ForkAndExpect(mem.Address, mem.Length, 0x6D)); // wiped in the child while wrapped
        Assert.Equal(Errno.Ok, c.Close(user));

        Assert.Equal(0, ForkAndExpect(mem.Address, mem.Length, 0x6D)); // the advice was undone
    }
    [Fact]
    public void ImportAndCloseMakeNoMadviseCallUntilTheProcessForks()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        int before = UserRange.t_forkAdviceCalls;
        for (int i = 0; i < 3; i++) Assert.Equal(Errno.Ok, c.Close(c.WrapUser(mem.Address, mem.Length)));
        Assert.Equal(before, UserRange.t_forkAdviceCalls); // was two per import (advise, then undo at close)

        var user = c.WrapUser(mem.Address, mem.Length);
        Assert.Equal(0, ForkAndExit());
        Assert.True(UserRange.t_forkAdviceCalls > before); // the fork handler advised the range (on this, the forking thread)
        Assert.Contains("wf", UserPages.VmFlagsAt(mem.Address));
        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.DoesNotContain("wf", UserPages.VmFlagsAt(mem.Address)); // and the close undid it
    }

    [Fact]
    public void ARangeImportedAfterAForkIsProtectedAtTheNextFork()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(2);
        mem.Span.Fill(0x4B);
        Assert.Equal(0, ForkAndExpect(mem.Address, mem.Length, 0x4B)); // a fork before the import: nothing to advise

        var user = c.WrapUser(mem.Address, mem.Length);
        Assert.Equal(5, ForkAndExpect(mem.Address, mem.Length, 0x4B)); // wiped in the child: protected at this fork
        Assert.Equal(Errno.Ok, c.Close(user));
        Assert.Equal(0, ForkAndExpect(mem.Address, mem.Length, 0x4B));
    }

    [Fact]
    public void AdviceOnPagesAnotherObjectKeepsIsUndoneWhenThatObjectCloses()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(3);
        mem.Span.Fill(0x2E);
        var a = c.WrapUser(mem.Address, 2 * Page);
        Assert.Equal(0, ForkAndExit()); // advises a's pages 0-1
        var b = c.WrapUser(mem.PageAt(1), 2 * Page); // pages 1-2, recorded after the fork: not advised yet

        Assert.Equal(Errno.Ok, c.Close(a)); // page 0 released; page 1 stays pinned by b, still advised
        Assert.Contains("wf", UserPages.VmFlagsAt(mem.PageAt(1)));
        Assert.Equal(Errno.Ok, c.Close(b)); // b took over undoing page 1's advice

        Assert.DoesNotContain("wf", UserPages.VmFlagsAt(mem.PageAt(1)));
        Assert.Equal(0, ForkAndExpect(mem.Address, mem.Length, 0x2E)); // the whole range forks normally again
    }
}
