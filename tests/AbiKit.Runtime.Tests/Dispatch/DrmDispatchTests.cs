using System.Runtime.CompilerServices;
using AbiKit.Interop.DrmCore;
using AbiKit.Interop.I915;
using AbiKit.Model;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using static AbiKit.Runtime.Tests.Dispatch.UserBuffer;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>
/// <see cref="DispatchTable{THandler}"/> has drm_ioctl()'s semantics (research note kernel-ioctl-abi.md §2),
/// driven through the code generated from abi-spec/i915.abi.json and abi-spec/drm-core.abi.json (generated at
/// compile time by the source generator). Each error test changes ONE thing in an otherwise valid request (botching-up-ioctls).
/// </summary>
public sealed class DrmDispatchTests
{
    private readonly FakeI915Device _device = new();
    private readonly DrmFile _render = new(DrmNode.Render);
    private readonly DispatchTable<FakeI915Device> _table = DispatchTable<FakeI915Device>.Drm(
        DrmCoreDispatch.Entries<FakeI915Device>(), I915Dispatch.Entries<FakeI915Device>());

    private static GemCreate ValidCreate => new() { Size = 4096 };

    private static GemMmapOffset ValidMmapOffset => new() { Handle = new GemHandle(5), Flags = MmapOffsetType.Wc };

    private Errno Dispatch(uint request, byte[] user) => _table.Dispatch(_device, _render, request, user);

    // ---- the generated table is the kernel's -------------------------------------------------------------

    [Fact]
    public void Generated_codes_and_sizes_are_the_kernels()
    {
        // i915_drm.h / drm.h, x86_64 = i386 (research note §3.1, §3.2).
        Assert.Equal(0xC010645Bu, I915Ioctls.GemCreate);
        Assert.Equal(0xC0106464u, I915Ioctls.GemMmapGtt);
        Assert.Equal(0xC0206464u, I915Ioctls.GemMmapOffset);
        Assert.Equal(0xC00C6466u, I915Ioctls.GemMadvise);
        Assert.Equal(0xC0186473u, I915Ioctls.GemUserptr);
        Assert.Equal(0x4020645Du, I915Ioctls.GemPwrite);
        Assert.Equal(0xC008640Au, DrmCoreIoctls.GemFlink);
        Assert.Equal(16, Unsafe.SizeOf<GemMmapGtt>());
        Assert.Equal(32, Unsafe.SizeOf<GemMmapOffset>());
        Assert.Equal(16, Unsafe.SizeOf<GemCreate>());
    }

    [Fact]
    public void Mmap_gtt_and_mmap_offset_share_one_generated_entry()
    {
        var codes = I915Dispatch.Entries<FakeI915Device>().Select(e => e.Code).ToArray();
        Assert.Contains(I915Ioctls.GemMmapOffset, codes);
        Assert.DoesNotContain(I915Ioctls.GemMmapGtt, codes);
        Assert.Single(codes, c => (c & 0xFF) == 0x64);
    }

    [Fact]
    public void A_table_rejects_two_entries_on_one_number()
    {
        static IoctlResult Thunk(FakeI915Device d, Span<byte> data, DrmFile f) => d.Probe(data);
        var gtt = new DispatchEntry<FakeI915Device>(I915Ioctls.GemMmapGtt, IoctlPermissions.RenderAllow, Thunk, "GTT");
        var offset = new DispatchEntry<FakeI915Device>(I915Ioctls.GemMmapOffset, IoctlPermissions.RenderAllow, Thunk, "OFFSET");
        var error = Assert.Throws<ArgumentException>(() => DispatchTable<FakeI915Device>.Drm([gtt, offset]));
        Assert.Contains("share number 0x64", error.Message);
    }

    // ---- baseline ------------------------------------------------------------------------------------------

    [Fact]
    public void A_valid_request_reaches_its_handler_and_its_outputs_come_back()
    {
        var user = Of(new GemCreate { Size = 100 });

        Assert.Equal(Errno.Ok, Dispatch(I915Ioctls.GemCreate, user));

        Assert.Equal(nameof(FakeI915Device.GemCreate), _device.LastCall);
        Assert.Equal(100ul, _device.LastCreate.Size);
        var back = Read<GemCreate>(user);
        Assert.Equal(4096ul, back.Size);
        Assert.Equal(FakeI915Device.CreatedHandle, back.Handle.Value);
    }

    // ---- unknown requests ------------------------------------------------------------------------------------

    [Fact]
    public void A_request_of_another_type_is_ENOTTY()
    {
        uint request = (I915Ioctls.GemCreate & ~0xFF00u) | ((uint)'b' << 8);
        var user = Of(ValidCreate);
        var before = user.ToArray();

        Assert.Equal(Errno.ENOTTY, Dispatch(request, user));

        Assert.Equal(0, _device.Calls);
        Assert.Equal(before, user);
    }

    [Theory]
    [InlineData(0x74)] // driver range, past the last i915 ioctl of the spec (index >= num_ioctls)
    [InlineData(0x9F)] // last driver slot (DRM_COMMAND_END - 1)
    [InlineData(0x58)] // a hole between GEM_BUSY (0x57) and GEM_CREATE (0x5B)
    [InlineData(0x40)] // DRM_I915_INIT: a legacy ioctl, empty
    [InlineData(0x00)] // core range, empty
    public void An_unknown_number_or_an_empty_slot_is_EINVAL_not_ENOTTY(byte nr)
    {
        var user = Of(ValidCreate);
        var before = user.ToArray();

        Assert.Equal(Errno.EINVAL, Dispatch(Code(IoctlDirection.InOut, 'd', nr, 16), user));

        Assert.Equal(0, _device.Calls);
        Assert.Equal(before, user);
    }

    // ---- copy-in / copy-out directions -------------------------------------------------------------------------

    [Fact]
    public void No_copy_in_when_the_callers_request_does_not_say_IN()
    {
        var user = Of(ValidCreate);

        // GEM_CREATE's number and size, but _IOR: the handler sees zeros; the outputs still come back (both say OUT).
        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemCreate, IoctlDirection.Out), user));

        Assert.Equal(1, _device.Calls);
        Assert.Equal(0ul, _device.LastCreate.Size);
        var back = Read<GemCreate>(user);
        Assert.Equal(0ul, back.Size); // the caller's 4096 was never copied in, so the kernel copy's 0 came back
        Assert.Equal(FakeI915Device.CreatedHandle, back.Handle.Value);
    }

    [Fact]
    public void No_copy_in_when_the_drivers_definition_does_not_say_IN()
    {
        // A driver ioctl defined _IOR (output only); the caller sends _IOWR with its own bytes.
        var table = DispatchTable<FakeI915Device>.Drm([ProbeEntry(IoctlDirection.Out, IoctlPermissions.RenderAllow)]);
        var user = new byte[8];
        user.AsSpan().Fill(0x5A);

        Assert.Equal(Errno.Ok, table.Dispatch(_device, _render, Code(IoctlDirection.InOut, 'd', 0x40, 8), user));

        Assert.Equal(new byte[8], _device.LastProbeBytes); // zero-filled, not the caller's 0x5A
        Assert.Equal(new byte[8], user);                  // and copied out (both say OUT)
    }

    [Fact]
    public void No_copy_out_when_the_callers_request_does_not_say_OUT()
    {
        var user = Of(ValidCreate);
        var before = user.ToArray();

        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemCreate, IoctlDirection.In), user));

        Assert.Equal(4096ul, _device.LastCreate.Size); // copied in
        Assert.Equal(before, user);                    // the handle the handler wrote did not come back
    }

    [Fact]
    public void No_copy_out_when_the_drivers_definition_does_not_say_OUT()
    {
        // GEM_PWRITE is _IOW in the spec; the caller sends _IOWR. The handler's scribble must not reach the caller.
        var user = Of(new GemPwrite { Handle = new GemHandle(3), Size = 64, DataPtr = 0x1000 });
        var before = user.ToArray();

        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemPwrite, IoctlDirection.InOut), user));

        Assert.Equal(0x1000ul, _device.LastPwrite.DataPtr);
        Assert.Equal(before, user);
    }

    // ---- sizes -----------------------------------------------------------------------------------------------

    [Fact]
    public void The_kernel_copy_is_zero_filled_up_to_the_drivers_size()
    {
        // A caller whose GEM_CREATE struct is only 8 bytes (just `size`); its buffer goes on with 0xAA, which
        // must not be copied in: the handler sees handle 0 and pad 0 (else the pad check would fail).
        var user = Of(ValidCreate, length: 16);
        user.AsSpan(8).Fill(Untouched);

        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemCreate, IoctlDirection.InOut, size: 8), user));

        Assert.Equal(4096ul, _device.LastCreate.Size);
        Assert.Equal(0u, _device.LastCreate.Handle.Value);
        Assert.Equal(0u, _device.LastCreate.Pad);
    }

    // Small structs go through an inline buffer and are copied by words; large ones through a stack buffer of their
    // size. Every size class must copy exactly the caller's bytes and zero-fill the rest, in and out.
    [Theory]
    [InlineData(4, 12)]      // below a word
    [InlineData(12, 16)]     // overlapping word copies
    [InlineData(16, 16)]
    [InlineData(40, 64)]     // the inline buffer's full size
    [InlineData(64, 200)]    // past it: the large path
    [InlineData(1000, 4000)]
    public void Every_size_is_copied_exactly_and_zero_extended(int callerSize, int driverSize)
    {
        var table = DispatchTable<FakeI915Device>.Drm([ProbeEntry(IoctlDirection.InOut, IoctlPermissions.RenderAllow, driverSize)]);
        var user = new byte[callerSize + 8];
        for (int i = 0; i < callerSize; i++) user[i] = (byte)(i + 1);
        user.AsSpan(callerSize).Fill(Untouched);
        var before = user.ToArray();

        Assert.Equal(Errno.Ok, table.Dispatch(_device, _render, Code(IoctlDirection.InOut, 'd', 0x40, callerSize), user));

        var expected = new byte[driverSize];
        before.AsSpan(0, callerSize).CopyTo(expected);
        Assert.Equal(expected, _device.LastProbeBytes); // the caller's bytes, then zeros up to the driver's size
        Assert.Equal(before, user);                     // the probe wrote nothing: its own bytes came back, the tail untouched
    }

    [Fact]
    public void The_copy_out_uses_the_callers_size()
    {
        var user = Of(new GemCreate { Size = 100 }, length: 16);
        user.AsSpan(8).Fill(Untouched);

        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemCreate, IoctlDirection.InOut, size: 8), user));

        Assert.Equal(4096ul, Read<GemCreate>(user).Size);               // inside the caller's 8 bytes: written
        Assert.All(user.AsSpan(8).ToArray(), b => Assert.Equal(Untouched, b)); // the handle at 8..12 was not
    }

    [Fact]
    public void A_caller_struct_larger_than_the_drivers_gets_its_tail_back_unchanged()
    {
        // A "newer" 24-byte GEM_CREATE: the 8-byte tail is copied in and out, the handler never looks at it.
        var user = Of(ValidCreate, length: 24);
        for (int i = 16; i < 24; i++) user[i] = (byte)(0x11 * (i - 15));
        var tail = user[16..];

        Assert.Equal(Errno.Ok, Dispatch(With(I915Ioctls.GemCreate, IoctlDirection.InOut, size: 24), user));

        Assert.Equal(FakeI915Device.CreatedHandle, Read<GemCreate>(user).Handle.Value);
        Assert.Equal(tail, user[16..]);
    }

    [Fact]
    public void Outputs_are_copied_out_also_after_a_failing_handler()
    {
        _device.Result = Errno.ENOMEM; // the handler writes the handle, then fails
        var user = Of(ValidCreate);

        Assert.Equal(Errno.ENOMEM, Dispatch(I915Ioctls.GemCreate, user));

        Assert.Equal(FakeI915Device.CreatedHandle, Read<GemCreate>(user).Handle.Value);
    }

    [Fact]
    public void A_caller_buffer_shorter_than_its_requests_size_is_EFAULT()
    {
        var user = Of(ValidCreate, length: 8);

        Assert.Equal(Errno.EFAULT, Dispatch(I915Ioctls.GemCreate, user));

        Assert.Equal(0, _device.Calls);
    }

    // ---- THE i915 case: MMAP_GTT is MMAP_OFFSET zero-extended ----------------------------------------------------

    [Fact]
    public void Mmap_gtt_reaches_the_mmap_offset_handler_zero_extended()
    {
        // A 32-byte buffer: the caller's 16-byte drm_i915_gem_mmap_gtt, then 16 bytes that are not its.
        var user = Of(new GemMmapGtt { Handle = new GemHandle(5) }, length: 32);

        Assert.Equal(Errno.Ok, Dispatch(I915Ioctls.GemMmapGtt, user));

        Assert.Equal(nameof(FakeI915Device.GemMmapOffset), _device.LastCall);
        Assert.Equal(5u, _device.LastMmapOffset.Handle.Value);
        Assert.Equal(MmapOffsetType.Gtt, _device.LastMmapOffset.Flags);
        Assert.Equal(0ul, _device.LastMmapOffset.Extensions);
        Assert.Equal(FakeI915Device.FakeOffset, Read<GemMmapGtt>(user).Offset);
        Assert.Equal(5u, Read<GemMmapGtt>(user).Handle.Value);
        Assert.All(user[16..], b => Assert.Equal(Untouched, b));
    }

    [Fact]
    public void Mmap_gtt_through_the_generated_client_gets_the_offset()
    {
        using var channel = new InProcessChannel<FakeI915Device>(_table, _device, _render);
        var gtt = new GemMmapGtt { Handle = new GemHandle(5) };

        Assert.Equal(Errno.Ok, new I915Client(channel).GemMmapGtt(ref gtt));

        Assert.Equal(FakeI915Device.FakeOffset, gtt.Offset);
        Assert.Equal(MmapOffsetType.Gtt, _device.LastMmapOffset.Flags);
    }

    [Fact]
    public void Mmap_offset_in_full_reaches_its_handler_with_its_flags()
    {
        var user = Of(ValidMmapOffset);

        Assert.Equal(Errno.Ok, Dispatch(I915Ioctls.GemMmapOffset, user));

        Assert.Equal(MmapOffsetType.Wc, _device.LastMmapOffset.Flags);
        Assert.Equal(FakeI915Device.FakeOffset, Read<GemMmapOffset>(user).Offset);
    }

    // ---- permissions (drm_ioctl_permit order: root-only, auth, master, render-allow) ---------------------------

    [Theory]
    [InlineData(IoctlPermissions.RootOnly, DrmNode.Primary, false, false, false, Errno.EACCES)]
    [InlineData(IoctlPermissions.RootOnly, DrmNode.Primary, false, false, true, Errno.Ok)]
    [InlineData(IoctlPermissions.Auth, DrmNode.Primary, false, false, false, Errno.EACCES)]
    [InlineData(IoctlPermissions.Auth, DrmNode.Primary, true, false, false, Errno.Ok)]
    [InlineData(IoctlPermissions.Auth | IoctlPermissions.RenderAllow, DrmNode.Render, false, false, false, Errno.Ok)]
    [InlineData(IoctlPermissions.Master, DrmNode.Primary, false, false, false, Errno.EACCES)]
    [InlineData(IoctlPermissions.Master, DrmNode.Primary, false, true, false, Errno.Ok)]
    [InlineData(IoctlPermissions.Auth, DrmNode.Render, false, false, false, Errno.EACCES)]
    [InlineData(IoctlPermissions.None, DrmNode.Render, false, false, false, Errno.EACCES)]
    [InlineData(IoctlPermissions.RenderAllow, DrmNode.Render, false, false, false, Errno.Ok)]
    [InlineData(IoctlPermissions.None, DrmNode.Primary, false, false, false, Errno.Ok)]
    public void Permission_flags_are_checked_like_drm_ioctl_permit(
        IoctlPermissions permissions, DrmNode node, bool authenticated, bool master, bool sysAdmin, Errno expected)
    {
        var table = DispatchTable<FakeI915Device>.Drm([ProbeEntry(IoctlDirection.InOut, permissions)]);
        var file = new DrmFile(node) { Authenticated = authenticated, IsMaster = master, HasSysAdmin = sysAdmin };

        Assert.Equal(expected, table.Dispatch(_device, file, Code(IoctlDirection.InOut, 'd', 0x40, 8), new byte[8]));

        Assert.Equal(expected == Errno.Ok ? 1 : 0, _device.Calls);
    }

    [Fact]
    public void Gem_flink_is_EACCES_on_a_render_node()
    {
        var user = Of(new GemFlink { Handle = new GemHandle(1) });

        Assert.Equal(Errno.EACCES, Dispatch(DrmCoreIoctls.GemFlink, user));

        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void Gem_flink_is_permitted_to_an_authenticated_primary_client()
    {
        var user = Of(new GemFlink { Handle = new GemHandle(1) });
        var file = new DrmFile(DrmNode.Primary) { Authenticated = true };

        Assert.Equal(Errno.Ok, _table.Dispatch(_device, file, DrmCoreIoctls.GemFlink, user));

        Assert.Equal(1u, Read<GemFlink>(user).Name.Value);
    }

    // ---- the spec's checks, in the generated thunks -------------------------------------------------------------

    [Fact]
    public void A_non_zero_pad_in_gem_create_is_EINVAL()
    {
        var create = ValidCreate;
        create.Pad = 1;

        Assert.Equal(Errno.EINVAL, Dispatch(I915Ioctls.GemCreate, Of(create)));

        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void Non_zero_extensions_in_mmap_offset_is_EINVAL()
    {
        var mmap = ValidMmapOffset;
        mmap.Extensions = 0x1000;

        Assert.Equal(Errno.EINVAL, Dispatch(I915Ioctls.GemMmapOffset, Of(mmap)));

        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void Known_userptr_flags_reach_the_handler()
    {
        var userptr = new GemUserptr { UserPtr = 0x10000, UserSize = 4096, Flags = UserptrFlags.ReadOnly | UserptrFlags.Probe };

        Assert.Equal(Errno.Ok, Dispatch(I915Ioctls.GemUserptr, Of(userptr)));

        Assert.Equal(UserptrFlags.ReadOnly | UserptrFlags.Probe, _device.LastUserptr.Flags);
    }

    [Fact]
    public void An_unknown_flag_bit_in_gem_userptr_is_EINVAL()
    {
        var userptr = new GemUserptr { UserPtr = 0x10000, UserSize = 4096, Flags = (UserptrFlags)0x4 };

        Assert.Equal(Errno.EINVAL, Dispatch(I915Ioctls.GemUserptr, Of(userptr)));

        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void A_known_madvise_value_reaches_the_handler()
    {
        var user = Of(new GemMadvise { Handle = new GemHandle(1), Madv = Madvise.Dontneed });

        Assert.Equal(Errno.Ok, Dispatch(I915Ioctls.GemMadvise, user));

        Assert.Equal(Madvise.Dontneed, _device.LastMadvise.Madv);
        Assert.Equal(1u, Read<GemMadvise>(user).Retained);
    }

    [Fact]
    public void An_unknown_enum_value_in_gem_madvise_is_EINVAL()
    {
        var user = Of(new GemMadvise { Handle = new GemHandle(1), Madv = (Madvise)7 });

        Assert.Equal(Errno.EINVAL, Dispatch(I915Ioctls.GemMadvise, user));

        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void An_unknown_mmap_offset_type_is_EINVAL()
    {
        var mmap = ValidMmapOffset;
        mmap.Flags = (MmapOffsetType)5;

        Assert.Equal(Errno.EINVAL, Dispatch(I915Ioctls.GemMmapOffset, Of(mmap)));

        Assert.Equal(0, _device.Calls);
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    [Fact]
    public void A_throwing_handler_is_EIO_and_reported()
    {
        var thrown = new InvalidOperationException("device bug");
        _device.ThrowThis = thrown;
        var faults = new List<(string Name, Exception Exception)>();
        _table.OnHandlerFault = (name, ex) => faults.Add((name, ex));

        Assert.Equal(Errno.EIO, Dispatch(I915Ioctls.GemCreate, Of(ValidCreate)));

        var fault = Assert.Single(faults);
        Assert.Equal(_table.NameOf(I915Ioctls.GemCreate), fault.Name); // the entry's name, from the spec
        Assert.Same(thrown, fault.Exception);
    }

    [Fact]
    public void A_throwing_handler_without_an_observer_is_still_EIO()
    {
        _device.ThrowThis = new InvalidOperationException("device bug");

        Assert.Equal(Errno.EIO, Dispatch(I915Ioctls.GemCreate, Of(ValidCreate)));
    }

    // ---- allocation -----------------------------------------------------------------------------------------------

    [Fact]
    public void Dispatch_allocates_nothing()
    {
        var offset = Of(ValidMmapOffset);
        var gtt = Of(new GemMmapGtt { Handle = new GemHandle(5) });
        var table = _table;
        var device = _device;
        var file = _render;

        for (int i = 0; i < 1000; i++)
        {
            table.Dispatch(device, file, I915Ioctls.GemMmapOffset, offset);
            table.Dispatch(device, file, I915Ioctls.GemMmapGtt, gtt);
        }

        int failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            if (table.Dispatch(device, file, I915Ioctls.GemMmapOffset, offset) != Errno.Ok) failures++;
            if (table.Dispatch(device, file, I915Ioctls.GemMmapGtt, gtt) != Errno.Ok) failures++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(4000, device.Calls);
        Assert.Equal(0, allocated);
    }

    // ---- InProcessChannel ---------------------------------------------------------------------------------------

    [Fact]
    public void A_disposed_channel_is_EBADF_and_closes_once()
    {
        int closes = 0;
        DrmFile? closed = null;
        var channel = new InProcessChannel<FakeI915Device>(_table, _device, _render, f => { closes++; closed = f; });
        var client = new I915Client(channel);
        var create = ValidCreate;
        Assert.Equal(Errno.Ok, client.GemCreate(ref create));

        channel.Dispose();
        channel.Dispose();
        var again = ValidCreate;

        Assert.Equal(Errno.EBADF, client.GemCreate(ref again));
        Assert.Equal(1, closes);
        Assert.Same(_render, closed);
        Assert.Equal(1, _device.Calls);
        Assert.Equal(0u, again.Handle.Value);
    }

    // ---- Generic-style tables -----------------------------------------------------------------------------------

    [Fact]
    public void A_generic_table_dispatches_an_exact_code()
    {
        var table = DispatchTable<FakeI915Device>.Generic((byte)'d', I915Dispatch.Entries<FakeI915Device>());
        var user = Of(ValidCreate);

        Assert.Equal(Errno.Ok, table.Dispatch(_device, _render, I915Ioctls.GemCreate, user));

        Assert.Equal(FakeI915Device.CreatedHandle, Read<GemCreate>(user).Handle.Value);
    }

    [Fact]
    public void A_generic_table_applies_no_drm_permissions()
    {
        // GEM_FLINK is DRM_AUTH without RENDER_ALLOW: a DRM table refuses it on a render node (EACCES), while an
        // ordinary driver's table has no permission flags or render nodes to check.
        var table = DispatchTable<FakeI915Device>.Generic((byte)'d', AbiKit.Interop.DrmCore.DrmCoreDispatch.Entries<FakeI915Device>());
        var flink = new AbiKit.Interop.DrmCore.GemFlink { Handle = new GemHandle(1) };
        Assert.Equal(Errno.Ok, table.Dispatch(_device, _render, AbiKit.Interop.DrmCore.DrmCoreIoctls.GemFlink, Of(flink)));
    }

    [Theory]
    [InlineData(0xC0106464u)] // MMAP_GTT: another size on MMAP_OFFSET's number
    [InlineData(0x8010645Bu)] // GEM_CREATE's number and size, _IOR
    [InlineData(0xC0106458u)] // an empty slot (DRM would say EINVAL)
    [InlineData(0xC010625Bu)] // another type
    public void A_generic_table_answers_anything_but_an_exact_code_with_ENOTTY(uint request)
    {
        var table = DispatchTable<FakeI915Device>.Generic((byte)'d', I915Dispatch.Entries<FakeI915Device>());
        var user = Of(new GemMmapGtt { Handle = new GemHandle(5) }, length: 32);
        var before = user.ToArray();

        Assert.Equal(Errno.ENOTTY, table.Dispatch(_device, _render, request, user));

        Assert.Equal(0, _device.Calls);
        Assert.Equal(before, user);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /// <summary>A hand-built entry on nr 0x40 with an 8-byte argument whose thunk records the kernel copy.</summary>
    private static DispatchEntry<FakeI915Device> ProbeEntry(IoctlDirection direction, IoctlPermissions permissions, int size = 8)
        => new(Code(direction, 'd', 0x40, size), permissions, static (device, data, file) => device.Probe(data), "PROBE");
}
