using AbiKit.Interop.DrmCore;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/dumb_buffer.c, every subtest (create-clear made deterministic: rounds, not a timeout).</summary>
public sealed class DumbBufferTests
{
    private static ModeCreateDumb Valid() => new() { Width = 4032, Height = 2016, Bpp = 32 };

    /// <summary>CREATE_DUMB, MAP_DUMB and a CPU mapping of <paramref name="length"/> bytes (the whole buffer by default), each asserted to succeed.</summary>
    private static IMappedMemory CreateMapped(TestClient fd, ref ModeCreateDumb create, ulong length = 0)
    {
        Assert.Equal(Errno.Ok, fd.DumbCreate(ref create));
        Assert.Equal(Errno.Ok, fd.DumbMap(create.Handle.Value, out ulong offset));
        Assert.Equal(Errno.Ok, fd.Channel.Map(offset, length == 0 ? create.Size : length, out var map));
        return map!;
    }

    /// <summary>dumb_buffer@invalid-bpp: bpp 0, width 0 and height 0 are each EINVAL.</summary>
    [Fact]
    public void InvalidBpp()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var create = new ModeCreateDumb { Width = 4032, Height = 2016, Bpp = 0 };
        Assert.Equal(Errno.EINVAL, fd.DumbCreate(ref create));
        create.Bpp = 32;
        create.Width = 0;
        Assert.Equal(Errno.EINVAL, fd.DumbCreate(ref create));
        create.Width = 4032;
        create.Height = 0;
        Assert.Equal(Errno.EINVAL, fd.DumbCreate(ref create));
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>dumb_buffer@create-valid-dumb.</summary>
    [Fact]
    public void CreateValidDumb()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var create = Valid();
        Assert.Equal(Errno.Ok, fd.DumbCreate(ref create));
        Assert.Equal(4032u * 4, create.Pitch);
        Assert.True(create.Size >= (ulong)create.Pitch * create.Height);
        Assert.Equal(Errno.Ok, fd.DumbDestroy(create.Handle.Value));
    }

    /// <summary>dumb_buffer@map-valid: MAP_DUMB's offset maps the whole buffer.</summary>
    [Fact]
    public void MapValid()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var create = Valid();
        CreateMapped(fd, ref create).Dispose();
        Assert.Equal(Errno.Ok, fd.DumbDestroy(create.Handle.Value));
    }

    /// <summary>dumb_buffer@map-uaf: a mapping outlives DESTROY_DUMB and reads the (zeroed) buffer, not freed memory.</summary>
    [Fact]
    public void MapUaf()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var create = Valid();
        var map = CreateMapped(fd, ref create);
        Assert.Equal(Errno.Ok, fd.DumbDestroy(create.Handle.Value));
        Assert.Equal(0u, BitConverter.ToUInt32(map.Span(0, 4)));
        // Another buffer now must not land in the memory the mapping still shows.
        var other = Valid();
        var otherMap = CreateMapped(fd, ref other, 4096);
        otherMap.Span(0, 4).Fill(0xFF);
        Assert.Equal(0u, BitConverter.ToUInt32(map.Span(0, 4)));
        otherMap.Dispose();
        map.Dispose();
    }

    /// <summary>dumb_buffer@map-invalid-size: mapping one byte more than the buffer fails.</summary>
    [Fact]
    public void MapInvalidSize()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var create = Valid();
        Assert.Equal(Errno.Ok, fd.DumbCreate(ref create));
        Assert.Equal(Errno.Ok, fd.DumbMap(create.Handle.Value, out ulong offset));
        Assert.NotEqual(Errno.Ok, fd.Channel.Map(offset, create.Size + 1, out var map));
        Assert.Null(map);
        Assert.Equal(Errno.Ok, fd.DumbDestroy(create.Handle.Value));
    }

    /// <summary>
    /// dumb_buffer@create-clear: buffers of random heights (one page per row) always map as zeros — each round
    /// dirties its buffer before destroying it, so the next one reuses dirty memory.
    /// </summary>
    [Fact]
    public void CreateClear()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        uint page = (uint)DeviceFixture.PageSize;
        var random = new Random(14);
        for (int round = 0; round < 200; round++)
        {
            var create = new ModeCreateDumb { Bpp = 32, Width = page / 4, Height = (uint)random.Next(1, 48) };
            var map = CreateMapped(fd, ref create);
            for (uint row = 0; row < create.Height; row++)
            {
                ulong at = row * (ulong)page + row % (page - 8);
                Assert.Equal(0UL, BitConverter.ToUInt64(map.Span(at, 8)));
            }
            map.Span(0, (int)create.Size).Fill(0xC5);
            map.Dispose();
            Assert.Equal(Errno.Ok, fd.DumbDestroy(create.Handle.Value));
        }
    }
}
