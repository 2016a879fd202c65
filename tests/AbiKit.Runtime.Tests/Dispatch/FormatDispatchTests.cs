using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AbiKit.Interop.Amdgpu;
using AbiKit.Interop.DmaBuf;
using AbiKit.Interop.Udmabuf;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>
/// What the format says reaches the generated dispatch: a return value (udmabuf's new fd), a flexible array's elements
/// copied by count, two request codes on one number (DMA_BUF_SET_NAME_A/_B), a multi-bit flag field (amdgpu MTYPE).
/// </summary>
public class FormatDispatchTests
{
    private sealed class Udmabuf : IUdmabufHandler
    {
        public List<(uint Memfd, ulong Offset, ulong Size)> Items { get; } = new();
        public int Calls { get; private set; }

        public IoctlResult Create(ref Create arg, DrmFile file)
        {
            Calls++;
            return arg.Memfd == 0 ? Errno.EBADF : IoctlResult.Success(100 + (int)arg.Memfd);
        }

        public IoctlResult CreateList(ref CreateList arg, Span<CreateItem> list, DrmFile file)
        {
            Calls++;
            foreach (var item in list) Items.Add((item.Memfd, item.Offset, item.Size));
            return IoctlResult.Success(200 + list.Length);
        }
    }

    private static readonly DispatchTable<Udmabuf> UdmabufTable = DispatchTable<Udmabuf>.Generic((byte)'u', UdmabufDispatch.Entries<Udmabuf>());

    private static (UdmabufClient Client, Udmabuf Device) OpenUdmabuf()
    {
        var device = new Udmabuf();
        return (new UdmabufClient(new InProcessChannel<Udmabuf>(UdmabufTable, device, new DrmFile())), device);
    }

    [Fact]
    public void The_client_returns_the_handlers_new_descriptor_and_errors_stay_errors()
    {
        var (client, _) = OpenUdmabuf();
        var create = new Create { Memfd = 5, Size = 4096 };
        Assert.Equal(Errno.Ok, client.Create(ref create, out int fd));
        Assert.Equal(105, fd);
        create.Memfd = 0;
        Assert.Equal(Errno.EBADF, client.Create(ref create, out fd));
        Assert.Equal(-1, fd);
        // The plain dispatch keeps its errno-only answer.
        create.Memfd = 5;
        Assert.Equal(Errno.Ok, UdmabufTable.Dispatch(new Udmabuf(), new DrmFile(), UdmabufIoctls.Create, MemoryMarshal.AsBytes(new Span<Create>(ref create))));
    }

    private static byte[] ListArgument(uint count, int itemsPresent)
    {
        var buffer = new byte[Math.Max(8, CreateList.ListSize(itemsPresent))];
        MemoryMarshal.Write(buffer, new CreateList { Flags = Flags.Cloexec, Count = count });
        var items = MemoryMarshal.Cast<byte, CreateItem>(buffer.AsSpan(8));
        for (int i = 0; i < itemsPresent; i++) items[i] = new CreateItem { Memfd = (uint)(10 + i), Offset = (ulong)i * 4096, Size = 4096 };
        return buffer;
    }

    [Fact]
    public void A_flexible_arrays_elements_are_copied_by_its_count_and_handed_to_the_handler()
    {
        var (client, device) = OpenUdmabuf();
        var argument = ListArgument(3, 4); // a fourth item beyond the count is not copied
        Assert.Equal(Errno.Ok, client.CreateList(argument, out int fd));
        Assert.Equal(203, fd);
        Assert.Equal(new[] { (10u, 0UL, 4096UL), (11u, 4096UL, 4096UL), (12u, 8192UL, 4096UL) }, device.Items);
    }

    [Theory]
    [InlineData(1025u, 0, Errno.EINVAL)]        // above maxCount (udmabuf's list_limit)
    [InlineData(uint.MaxValue, 0, Errno.EINVAL)] // count * size would overflow 32 bits
    [InlineData(3u, 2, Errno.EFAULT)]           // the caller's memory ends before the third item
    public void Too_many_or_missing_elements_fail_as_the_kernel_does_before_the_handler(uint count, int present, Errno expected)
    {
        var (client, device) = OpenUdmabuf();
        Assert.Equal(expected, client.CreateList(ListArgument(count, present), out int fd));
        Assert.Equal(-1, fd);
        Assert.Equal(0, device.Calls);
    }

    [Fact]
    public void Zero_elements_reach_the_handler_as_an_empty_span()
    {
        var (client, device) = OpenUdmabuf();
        Assert.Equal(Errno.Ok, client.CreateList(ListArgument(0, 0), out int fd));
        Assert.Equal((200, 1, 0), (fd, device.Calls, device.Items.Count));
    }

    [Fact]
    public void Behind_a_device_node_the_elements_are_read_from_the_caller_at_its_argument_address()
    {
        // The caller is another process (a device node's client): FUSE hands over the struct's _IOC_SIZE bytes and the
        // argument's address. Point the elements at the child's executable image, whose first bytes are "\x7fELF".
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            ulong image = ImageBase(child.Id, "sleep");
            var header = new byte[8];
            MemoryMarshal.Write(header, new CreateList { Count = 1 });
            var device = new Udmabuf();
            IoctlResult result;
            using (CallerMemory.Enter(child.Id, image - 8)) result = UdmabufTable.DispatchResult(device, new DrmFile(), UdmabufIoctls.CreateList, header);
            Assert.Equal(201, result.Value);
            Assert.Equal(0x464C457Fu, device.Items.Single().Memfd);
            using (CallerMemory.Enter(child.Id, 8)) result = UdmabufTable.DispatchResult(device, new DrmFile(), UdmabufIoctls.CreateList, header);
            Assert.Equal(Errno.EFAULT, result.Errno); // nothing is mapped at address 16 of the caller
            Assert.Equal(1, device.Calls);
        }
        finally
        {
            child.Kill();
        }
    }

    private static ulong ImageBase(int pid, string program)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            var line = File.ReadLines($"/proc/{pid}/maps").FirstOrDefault(l => l.EndsWith("/" + program, StringComparison.Ordinal));
            if (line is not null) return ulong.Parse(line.AsSpan(0, line.IndexOf('-')), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Thread.Sleep(10); // until the child has exec'd
        }
        throw new InvalidOperationException($"{program} ({pid}) never mapped its image");
    }

    private sealed class DmaBuf : IDmaBufHandler
    {
        public List<(string Which, ulong Value)> Calls { get; } = new();

        public Errno Sync(ref SyncArgs arg, DrmFile file) => Errno.Ok;

        public Errno SetNameA(ref uint arg, DrmFile file)
        {
            Calls.Add(("A", arg));
            return Errno.Ok;
        }

        public Errno SetNameB(ref ulong arg, DrmFile file)
        {
            Calls.Add(("B", arg));
            return Errno.Ok;
        }
    }

    [Fact]
    public void Two_codes_on_one_number_reach_their_own_handlers_and_a_third_size_is_unknown()
    {
        var device = new DmaBuf();
        var table = DispatchTable<DmaBuf>.Generic((byte)'b', DmaBufDispatch.Entries<DmaBuf>());
        Assert.NotEqual(DmaBufIoctls.SetNameA, DmaBufIoctls.SetNameB);
        Assert.Equal(DmaBufIoctls.SetNameA & 0xFF, DmaBufIoctls.SetNameB & 0xFF);
        Assert.Equal(Errno.Ok, table.Dispatch(device, new DrmFile(), DmaBufIoctls.SetNameA, BitConverter.GetBytes(0x1234u)));
        Assert.Equal(Errno.Ok, table.Dispatch(device, new DrmFile(), DmaBufIoctls.SetNameB, BitConverter.GetBytes(0x5678UL)));
        Assert.Equal(new[] { ("A", 0x1234UL), ("B", 0x5678UL) }, device.Calls);
        uint twoBytes = (DmaBufIoctls.SetNameA & ~(0x3FFFu << 16)) | (2u << 16);
        Assert.Equal(Errno.ENOTTY, table.Dispatch(device, new DrmFile(), twoBytes, new byte[8]));
        Assert.Equal("DMA_BUF_SET_NAME_B", table.NameOf(DmaBufIoctls.SetNameB));
        // DRM dispatches by number: there the two would collide.
        Assert.Throws<ArgumentException>(() => DispatchTable<DmaBuf>.Drm(DmaBufDispatch.Entries<DmaBuf>().Select(e => e with { Code = (e.Code & ~0xFF00u) | ('d' << 8) }).ToArray()));
    }

    private sealed class Amdgpu : IAmdgpuHandler
    {
        public VmFlags? Mapped { get; private set; }

        public Errno Ctx(ref Ctx arg, DrmFile file) => Errno.Ok;

        public Errno GemCreate(ref GemCreate arg, DrmFile file) => Errno.Ok;

        public Errno GemMmap(ref GemMmap arg, DrmFile file) => Errno.Ok;

        public Errno GemVa(ref GemVa arg, DrmFile file)
        {
            Mapped = arg.Flags;
            return Errno.Ok;
        }

        public Errno GemWaitIdle(ref GemWaitIdle arg, DrmFile file) => Errno.Ok;
    }

    [Theory]
    [InlineData(0x1E0u & (4u << 5) | 0x2u, Errno.Ok)] // READABLE | MTYPE_UC
    [InlineData(5u << 5, Errno.Ok)]                    // MTYPE_RW, the last listed value
    [InlineData(6u << 5, Errno.EINVAL)]                // inside the field's bits, but no listed value
    [InlineData(1u << 9, Errno.EINVAL)]                // outside every flag and field
    public void A_flag_fields_value_must_be_one_of_its_list(uint flags, Errno expected)
    {
        var device = new Amdgpu();
        var table = DispatchTable<Amdgpu>.Drm(AmdgpuDispatch.Entries<Amdgpu>());
        var va = new GemVa { Operation = VaOp.Map, Flags = (VmFlags)flags, MapSize = 4096 };
        Assert.Equal(expected, table.Dispatch(device, new DrmFile(), AmdgpuIoctls.GemVa, MemoryMarshal.AsBytes(new Span<GemVa>(ref va))));
        Assert.Equal(expected == Errno.Ok, device.Mapped is not null);
    }

    [Fact]
    public void The_typed_accessors_read_and_replace_the_field_only()
    {
        var flags = VmFlags.PageReadable | VmFlags.PagePrt;
        var uncached = flags.WithVmMtype(VmMtype.Uc);
        Assert.Equal(VmMtype.Uc, uncached.GetVmMtype());
        Assert.Equal((VmFlags)(0x2 | 0x10 | (4 << 5)), uncached);
        Assert.Equal(VmMtype.Nc, uncached.WithVmMtype(VmMtype.Nc).GetVmMtype());
        Assert.Equal(flags, uncached.WithVmMtype(VmMtype.Default));
        Assert.Equal((VmFlags)0x1E0, AmdgpuIoctls.VmMtypeMask);
        Assert.Equal(5, AmdgpuIoctls.VmMtypeShift);
    }
}
