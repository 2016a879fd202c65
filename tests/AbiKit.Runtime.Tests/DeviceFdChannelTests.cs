using AbiKit.Interop.LinuxRandom;
using AbiKit.Interop.LinuxTty;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Tests.Native;

namespace AbiKit.Runtime.Tests;

/// <summary>
/// The real-fd channel on kernel ioctls every Linux machine has, called through the clients generated from
/// Specs/linux-tty.abi.json and Specs/linux-random.abi.json (generated at compile time by the source generator).
/// </summary>
public sealed class DeviceFdChannelTests
{
    [Fact]
    public void Generated_request_codes_are_the_kernels()
    {
        // asm-generic/ioctls.h and linux/random.h.
        Assert.Equal(0x541Bu, LinuxTtyIoctls.Fionread);
        Assert.Equal(0x5413u, LinuxTtyIoctls.Tiocgwinsz);
        Assert.Equal(0x5414u, LinuxTtyIoctls.Tiocswinsz);
        Assert.Equal(0x80045200u, LinuxRandomIoctls.Rndgetentcnt);
        Assert.Equal(8, System.Runtime.CompilerServices.Unsafe.SizeOf<WinSize>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(4096)]
    public void Fionread_on_a_pipe_counts_the_bytes_written(int count)
    {
        using var pipe = new TestPipe();
        pipe.Write(new byte[count]);

        int available = -1;
        var errno = new LinuxTtyClient(pipe.ReadEnd).Fionread(ref available);

        Assert.Equal(Errno.Ok, errno);
        Assert.Equal(count, available);
    }

    [Fact]
    public void Fionread_follows_further_writes()
    {
        using var pipe = new TestPipe();
        var client = new LinuxTtyClient(pipe.ReadEnd);
        int available = -1;

        pipe.Write([1, 2, 3]);
        Assert.Equal(Errno.Ok, client.Fionread(ref available));
        Assert.Equal(3, available);

        pipe.Write([4, 5]);
        Assert.Equal(Errno.Ok, client.Fionread(ref available));
        Assert.Equal(5, available);
    }

    [Fact]
    public void Tiocswinsz_then_tiocgwinsz_on_a_pty_master_round_trips()
    {
        using var pty = new TestPty();
        var client = new LinuxTtyClient(pty.Master);

        var set = new WinSize { WsRow = 42, WsCol = 132, WsXpixel = 1056, WsYpixel = 672 };
        Assert.Equal(Errno.Ok, client.Tiocswinsz(ref set));

        var got = default(WinSize);
        Assert.Equal(Errno.Ok, client.Tiocgwinsz(ref got));
        Assert.Equal((42, 132, 1056, 672), ((int)got.WsRow, (int)got.WsCol, (int)got.WsXpixel, (int)got.WsYpixel));
    }

    [Fact]
    public void Window_size_set_on_the_master_is_read_on_the_slave_opened_by_path()
    {
        using var pty = new TestPty();
        var set = new WinSize { WsRow = 24, WsCol = 80 };
        Assert.Equal(Errno.Ok, new LinuxTtyClient(pty.Master).Tiocswinsz(ref set));

        using var slave = DeviceFdChannel.Open(pty.SlavePath);
        var got = default(WinSize);
        Assert.Equal(Errno.Ok, new LinuxTtyClient(slave).Tiocgwinsz(ref got));
        Assert.Equal((24, 80), ((int)got.WsRow, (int)got.WsCol));
    }

    [Fact]
    public void Rndgetentcnt_on_dev_urandom_returns_a_non_negative_count()
    {
        using var urandom = DeviceFdChannel.Open("/dev/urandom", readWrite: false);

        int bits = -1;
        var errno = new LinuxRandomClient(urandom).Rndgetentcnt(ref bits);

        Assert.Equal(Errno.Ok, errno);
        Assert.True(bits >= 0, $"entropy count {bits}");
    }

    [Fact]
    public void A_tty_ioctl_on_a_pipe_is_enotty_as_a_value()
    {
        using var pipe = new TestPipe();
        var size = new WinSize { WsRow = 7 };

        Assert.Equal(Errno.ENOTTY, new LinuxTtyClient(pipe.ReadEnd).Tiocgwinsz(ref size));
        Assert.Equal(7, size.WsRow); // nothing copied out

        int bits = -1;
        Assert.Equal(Errno.ENOTTY, new LinuxRandomClient(pipe.ReadEnd).Rndgetentcnt(ref bits));
    }

    [Fact]
    public void A_disposed_channel_returns_ebadf()
    {
        var pipe = new TestPipe();
        var client = new LinuxTtyClient(pipe.ReadEnd);
        pipe.Dispose();

        int available = -1;
        Assert.Equal(Errno.EBADF, client.Fionread(ref available));
        Assert.Equal(-1, available);
        Assert.True(pipe.ReadEnd.Handle.IsClosed);

        pipe.ReadEnd.Dispose(); // a second Dispose is harmless
        Assert.Equal(Errno.EBADF, pipe.ReadEnd.Ioctl(LinuxTtyIoctls.Fionread, new byte[4]));
    }

    [Fact]
    public void Concurrent_calls_and_a_racing_dispose_give_only_ok_or_ebadf()
    {
        var pipe = new TestPipe();
        pipe.Write(new byte[5]);
        var client = new LinuxTtyClient(pipe.ReadEnd);
        var results = new Errno[4000];
        var counts = new int[results.Length];

        Parallel.For(0, results.Length, i =>
        {
            if (i == results.Length / 2) pipe.Dispose();
            counts[i] = -1;
            results[i] = client.Fionread(ref counts[i]);
        });

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Contains(results[i], new[] { Errno.Ok, Errno.EBADF });
            Assert.Equal(results[i] == Errno.Ok ? 5 : -1, counts[i]);
        }
        Assert.Equal(Errno.EBADF, client.Fionread(ref counts[0]));
    }

    [Fact]
    public void A_borrowed_descriptor_stays_open_when_its_channel_is_disposed()
    {
        using var pipe = new TestPipe();
        pipe.Write([1, 2]);

        var borrowed = DeviceFdChannel.FromFileDescriptor(pipe.ReadFd, ownsHandle: false);
        int available = -1;
        Assert.Equal(Errno.Ok, new LinuxTtyClient(borrowed).Fionread(ref available));
        Assert.Equal(2, available);
        borrowed.Dispose();
        Assert.Equal(Errno.EBADF, new LinuxTtyClient(borrowed).Fionread(ref available));

        available = -1;
        Assert.Equal(Errno.Ok, new LinuxTtyClient(pipe.ReadEnd).Fionread(ref available));
        Assert.Equal(2, available);
    }

    [Fact]
    public void Descriptor_zero_is_a_valid_handle()
    {
        using var channel = DeviceFdChannel.FromFileDescriptor(0, ownsHandle: false);
        Assert.False(channel.Handle.IsInvalid);
    }

    [Fact]
    public void A_negative_descriptor_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => DeviceFdChannel.FromFileDescriptor(-1, ownsHandle: false));

    [Fact]
    public void Opening_a_missing_path_throws_the_typed_open_error_with_enoent()
    {
        const string path = "/nonexistent/abikit-runtime-tests/device";
        var e = Assert.Throws<DeviceOpenException>(() => DeviceFdChannel.Open(path));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Opened_descriptors_are_close_on_exec()
    {
        using var urandom = DeviceFdChannel.Open("/dev/urandom", readWrite: false);
        bool added = false;
        try
        {
            urandom.Handle.DangerousAddRef(ref added);
            int fd = (int)urandom.Handle.DangerousGetHandle();
            string flags = File.ReadAllLines($"/proc/self/fdinfo/{fd}").Single(l => l.StartsWith("flags:"));
            int value = Convert.ToInt32(flags["flags:".Length..].Trim(), 8);
            Assert.Equal(TestLibC.O_CLOEXEC, value & TestLibC.O_CLOEXEC);
            Assert.Equal(0, value & 0x3); // O_RDONLY
        }
        finally
        {
            if (added) urandom.Handle.DangerousRelease();
        }
    }
}
