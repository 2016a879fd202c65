using AbiKit.Runtime.Channels;

namespace AbiKit.Runtime.Tests;

/// <summary>The drmIoctl() retry loop of <see cref="DeviceFdChannel"/>, driven by a scripted fake system call.</summary>
public sealed class IoctlRetryTests
{
    /// <summary>Plays back (result, errno) pairs, one per call, and counts the calls.</summary>
    private sealed class ScriptedSyscall((int Result, Errno Errno)[] script)
    {
        public int Calls { get; private set; }

        public int Invoke(in int state, out int errno)
        {
            Assert.Equal(42, state); // the state reaches every attempt
            var (result, e) = script[Calls++];
            errno = (int)e;
            return result;
        }

        public Errno Run() => IoctlRetry.Run(42, Invoke);
    }

    [Fact]
    public void Success_at_once_is_one_call()
    {
        var fake = new ScriptedSyscall([(0, Errno.Ok)]);
        Assert.Equal(Errno.Ok, fake.Run());
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public void A_positive_result_is_success()
    {
        var fake = new ScriptedSyscall([(7, Errno.Ok)]);
        Assert.Equal(Errno.Ok, fake.Run());
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public void Eintr_then_success_retries()
    {
        var fake = new ScriptedSyscall([(-1, Errno.EINTR), (0, Errno.Ok)]);
        Assert.Equal(Errno.Ok, fake.Run());
        Assert.Equal(2, fake.Calls);
    }

    [Fact]
    public void Eagain_retries()
    {
        var fake = new ScriptedSyscall([(-1, Errno.EAGAIN), (-1, Errno.EAGAIN), (-1, Errno.EAGAIN), (0, Errno.Ok)]);
        Assert.Equal(Errno.Ok, fake.Run());
        Assert.Equal(4, fake.Calls);
    }

    [Fact]
    public void Mixed_eintr_and_eagain_retry_until_a_final_errno()
    {
        var fake = new ScriptedSyscall([(-1, Errno.EINTR), (-1, Errno.EAGAIN), (-1, Errno.EINTR), (-1, Errno.EBUSY)]);
        Assert.Equal(Errno.EBUSY, fake.Run());
        Assert.Equal(4, fake.Calls);
    }

    [Theory]
    [InlineData(Errno.EINVAL)]
    [InlineData(Errno.ENOTTY)]
    [InlineData(Errno.EBADF)]
    [InlineData(Errno.EFAULT)]
    [InlineData(Errno.ENOMEM)]
    [InlineData(Errno.EPERM)]
    [InlineData(Errno.EBUSY)]
    [InlineData(Errno.ETIME)]
    [InlineData((Errno)512)] // ERESTARTSYS never reaches user space, but an unknown errno is still a value
    public void Other_errnos_are_returned_without_retrying(Errno errno)
    {
        var fake = new ScriptedSyscall([(-1, errno), (0, Errno.Ok)]);
        Assert.Equal(errno, fake.Run());
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public void Only_minus_one_is_a_failure()
    {
        // drmIoctl() tests ret == -1; libc never returns another negative value for ioctl(2).
        var fake = new ScriptedSyscall([(-2, Errno.EINTR)]);
        Assert.Equal(Errno.Ok, fake.Run());
        Assert.Equal(1, fake.Calls);
    }
}
