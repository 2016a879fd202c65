using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Reference.Tests.Userptr;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;

namespace AbiKit.Reference.Tests.Lifetime;

/// <summary>
/// Many clients, random ioctls, random closes and reopens (of one's own clients and of others'), CPU mappings
/// kept past their handles, USERPTR, export/import, Compact all along and, every other round, Dispose racing
/// the workers. Sized for CI: a fixed number of rounds and operations, seeded, with no clock in it.
/// Invariants: no ioctl ever faults (EIO); a client only ever sees zeros or its own bytes in its own objects —
/// every client writes only its own tag (PWRITE, FILL, COPY between its objects, mappings), so another's byte is a leak; at the end no object, no locked user byte,
/// no live mapping and no memfd is left.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class LifetimeStressTests
{
    private const int Workers = 4;
    // CI size: ~80,000 ioctls in a few seconds on 2 cores. ABIKIT_STRESS_SCALE=n runs n times as many rounds
    // (the longer run recorded in docs/runtime.md).
    private const int OperationsPerWorker = 2500;
    private static readonly int Rounds = 8 * Math.Max(1, int.TryParse(Environment.GetEnvironmentVariable("ABIKIT_STRESS_SCALE"), out int scale) ? scale : 1);
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void RandomClientsNeverCrashLeakOrSeeAnothersBytes()
    {
        var violations = new List<string>();
        long verified = 0;
        for (int round = 0; round < Rounds; round++)
        {
            bool disposeMidway = round % 2 == 1;
            var device = new ReferenceDevice(new DeviceOptions { MemoryBudget = 16UL << 20 });
            var shared = new SharedState(device);
            using var halfway = new CountdownEvent(Workers);
            var threads = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
            {
                using var worker = new Worker(shared, w, seed: round * 100 + w);
                for (int i = 0; i < OperationsPerWorker; i++)
                {
                    if (i == OperationsPerWorker / 2) halfway.Signal();
                    worker.Step();
                }
            })).ToList();
            bool done = false;
            var compactor = new Thread(() =>
            {
                while (!Volatile.Read(ref done)) device.Compact(); // ENODEV-safe: a disposed device compacts nothing
            });
            threads.ForEach(t => t.Start());
            compactor.Start();
            if (disposeMidway)
            {
                halfway.Wait();
                device.Dispose();
            }
            threads.ForEach(t => t.Join());
            Volatile.Write(ref done, true);
            compactor.Join();

            verified += shared.Verified;
            lock (shared.Violations) violations.AddRange(shared.Violations.Select(v => $"round {round}: {v}"));
            if (!disposeMidway)
            {
                // Every client is closed; once the engine drained (it is FIFO: one more command and its wait),
                // nothing may be left.
                using (var last = new TestClient(device.Open()))
                {
                    var bo = last.Create(Page);
                    Assert.Equal(Errno.Ok, last.Submit(TestClient.Fill(bo, 0, Page, 1)));
                    last.WaitIdle(bo);
                    Assert.Equal(Errno.Ok, last.Close(bo));
                }
                Assert.Equal("", device.DescribeLiveObjects());
                Assert.Equal(0, device.ObjectCount);
                Assert.Equal(0UL, device.ObjectBytes);
                Assert.Equal(0UL, device.LockedUserBytes);
                device.Dispose();
            }
            Assert.Equal(0, device.LiveMappingCount);
            Assert.Equal(0, device.MemfdCount);
        }
        Assert.Empty(violations);
        Assert.True(verified > Rounds * 100, $"only {verified} reads were checked: the workload did not exercise the device");
    }

    /// <summary>What the workers of one round share: the device, clients any worker may close, export tokens.</summary>
    private sealed class SharedState(ReferenceDevice device)
    {
        private int _nextTag;

        public ReferenceDevice Device { get; } = device;
        public List<string> Violations { get; } = new();
        public ReferenceChannel?[] Clients { get; } = new ReferenceChannel?[Workers * 2];
        public ulong[] Tokens { get; } = new ulong[16];

        /// <summary>Reads whose every byte was checked.</summary>
        public long Verified;

        /// <summary>A client's tag: the only non-zero byte it ever writes (1..255; reused only after 255 clients).</summary>
        public byte NextTag() => (byte)(Interlocked.Increment(ref _nextTag) % 255 + 1);

        public void Violation(string what)
        {
            lock (Violations) if (Violations.Count < 20) Violations.Add(what);
        }
    }

    /// <summary>One client as a worker sees it: its channel, its tag, its objects, its mappings.</summary>
    private sealed class Client
    {
        public required ReferenceChannel Channel { get; init; }
        public required AllocClient Alloc { get; init; }
        public required byte Tag { get; init; }
        public List<(BoHandle Handle, ulong Size, bool User)> Objects { get; } = new();
        public List<IMappedMemory> Maps { get; } = new();
    }

    private sealed unsafe class Worker : IDisposable
    {
        private readonly SharedState _shared;
        private readonly int _index;
        private readonly Random _random;
        private readonly UserPages _pages = UserPages.Anonymous(8);
        private readonly Client?[] _mine = new Client?[2];
        private readonly byte[] _buffer = new byte[16 * 4096];

        public Worker(SharedState shared, int index, int seed)
        {
            _shared = shared;
            _index = index;
            _random = new Random(seed);
        }

        public void Step()
        {
            int slot = _random.Next(_mine.Length);
            var client = _mine[slot] ??= Open(slot);
            if (client is null) return; // the device is gone
            int op = _random.Next(100);
            try
            {
                Do(client, op, slot);
            }
            catch (ObjectDisposedException)
            {
                // A mapping's span after the mapping was disposed: the API's answer, not a crash.
            }
        }

        private Client? Open(int slot)
        {
            try
            {
                var channel = _shared.Device.Open();
                Volatile.Write(ref _shared.Clients[_index * _mine.Length + slot], channel); // others may close it
                return new Client { Channel = channel, Alloc = new AllocClient(channel), Tag = _shared.NextTag() };
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }

        private bool _closedUnderMe;

        private void Check(Errno result, string what)
        {
            if (result == Errno.EIO) _shared.Violation($"{what}: EIO (a handler faulted)");
            if (result == Errno.EBADF) _closedUnderMe = true;
        }

        private void Do(Client c, int op, int slot)
        {
            var (handle, size, user) = c.Objects.Count > 0 ? c.Objects[_random.Next(c.Objects.Count)] : default;
            bool have = handle.Value != 0;
            switch (op)
            {
                case < 14:
                {
                    var args = new CreateArgs { Size = (ulong)_random.Next(1, 17) * Page - (ulong)_random.Next(2), Caching = (Caching)_random.Next(3) };
                    var r = c.Alloc.Create(ref args);
                    Check(r, "CREATE");
                    if (r != Errno.Ok) break;
                    c.Objects.Add((args.Handle, args.Size, false));
                    ExpectOwn(c, args.Handle, Math.Min(args.Size, Page), zeroOnly: true);
                    break;
                }
                case < 22 when have:
                {
                    var args = new CloseArgs { Handle = handle };
                    Check(c.Alloc.Close(ref args), "CLOSE");
                    c.Objects.RemoveAll(o => o.Handle.Value == handle.Value);
                    break;
                }
                case < 32 when have && !user:
                {
                    int n = (int)Math.Min(size, (ulong)_buffer.Length);
                    _buffer.AsSpan(0, n).Fill(c.Tag);
                    fixed (byte* p = _buffer)
                    {
                        var args = new PwriteArgs { Handle = handle, Size = (ulong)n, DataPtr = (ulong)p };
                        Check(c.Alloc.Pwrite(ref args), "PWRITE");
                    }
                    break;
                }
                case < 42 when have && !user:
                    ExpectOwn(c, handle, Math.Min(size, (ulong)_buffer.Length), zeroOnly: false);
                    break;
                case < 52 when have:
                {
                    var (other, otherSize, otherUser) = c.Objects[_random.Next(c.Objects.Count)];
                    SubmitArgs args = _random.Next(3) switch
                    {
                        0 => TestClient.Fill(handle, 0, size, c.Tag),
                        1 when !user && !otherUser && other.Value != handle.Value => TestClient.Copy(other, 0, handle, 0, Math.Min(size, otherSize)),
                        _ => TestClient.Fill(handle, 0, size, c.Tag),
                    };
                    Check(c.Alloc.Submit(ref args), "SUBMIT");
                    break;
                }
                case < 60 when have:
                {
                    var flags = (AccessFlags)_random.Next(1, 4);
                    var begin = new CpuAccessArgs { Handle = handle, Flags = flags };
                    Check(c.Alloc.CpuAccessBegin(ref begin), "CPU_ACCESS_BEGIN");
                    var end = new CpuAccessArgs { Handle = handle, Flags = flags };
                    Check(c.Alloc.CpuAccessEnd(ref end), "CPU_ACCESS_END");
                    break;
                }
                case < 68 when have && !user:
                {
                    var offset = new MmapOffsetArgs { Handle = handle };
                    if (c.Alloc.MmapOffset(ref offset) != Errno.Ok) break;
                    if (c.Channel.Map(offset.Offset, size, out var map) != Errno.Ok) break;
                    c.Maps.Add(map!); // kept past the handle's close, across Compact and Dispose
                    break;
                }
                case < 76 when c.Maps.Count > 0:
                {
                    var map = c.Maps[_random.Next(c.Maps.Count)];
                    var span = map.Span(0, (int)Math.Min(map.Length, (ulong)_buffer.Length));
                    Interlocked.Increment(ref _shared.Verified);
                    foreach (byte b in span)
                    {
                        if (b != 0 && b != c.Tag)
                        {
                            _shared.Violation($"client {c.Tag} saw byte {b} through its mapping");
                            break;
                        }
                    }
                    if (_random.Next(2) == 0) span.Fill(c.Tag);
                    if (_random.Next(3) == 0)
                    {
                        map.Dispose();
                        c.Maps.Remove(map);
                    }
                    break;
                }
                case < 80:
                {
                    var args = new UserptrArgs { UserPtr = _pages.PageAt(_random.Next(4)), UserSize = (ulong)_random.Next(1, 5) * Page };
                    var r = c.Alloc.Userptr(ref args);
                    Check(r, "USERPTR");
                    if (r == Errno.Ok) c.Objects.Add((args.Handle, args.UserSize, true));
                    break;
                }
                case < 84 when have:
                {
                    var args = new MadviseArgs { Handle = handle, Advice = (Advice)_random.Next(2) };
                    Check(c.Alloc.Madvise(ref args), "MADVISE");
                    var pin = new PinArgs { Handle = handle };
                    Check(_random.Next(2) == 0 ? c.Alloc.Pin(ref pin) : c.Alloc.Unpin(ref pin), "PIN");
                    break;
                }
                case < 88 when have:
                {
                    long timeout = _random.Next(2) == 0 ? 0 : TestClient.IdleBoundNs;
                    var args = new WaitArgs { Handle = handle, TimeoutNs = timeout };
                    Check(c.Alloc.Wait(ref args), "WAIT");
                    break;
                }
                case < 92 when have && !user:
                {
                    // Sharing: export one's own object, or import someone's (only to close it: its bytes are theirs).
                    var export = new ExportArgs { Handle = handle };
                    if (c.Alloc.Export(ref export) == Errno.Ok) Volatile.Write(ref _shared.Tokens[_random.Next(_shared.Tokens.Length)], export.Token);
                    var import = new ImportArgs { Token = Volatile.Read(ref _shared.Tokens[_random.Next(_shared.Tokens.Length)]) };
                    var r = c.Alloc.Import(ref import);
                    Check(r, "IMPORT");
                    if (r == Errno.Ok && c.Objects.TrueForAll(o => o.Handle.Value != import.Handle.Value))
                    {
                        var close = new CloseArgs { Handle = import.Handle };
                        Check(c.Alloc.Close(ref close), "CLOSE");
                    }
                    break;
                }
                case < 96:
                    // Close a random client — possibly another worker's, in the middle of its ioctls.
                    Volatile.Read(ref _shared.Clients[_random.Next(_shared.Clients.Length)])?.Dispose();
                    break;
                default:
                    Reopen(slot);
                    break;
            }
            if (_closedUnderMe) Reopen(slot); // another worker closed this client: its calls answer EBADF now
            _closedUnderMe = false;
        }

        /// <summary>Reads the start of an own object: only zeros (a new object) or the client's own tag may be there.</summary>
        private void ExpectOwn(Client c, BoHandle handle, ulong bytes, bool zeroOnly)
        {
            fixed (byte* p = _buffer)
            {
                var args = new PreadArgs { Handle = handle, Size = bytes, DataPtr = (ulong)p };
                var r = c.Alloc.Pread(ref args);
                Check(r, "PREAD");
                if (r != Errno.Ok) return;
            }
            Interlocked.Increment(ref _shared.Verified);
            for (int i = 0; i < (int)bytes; i++)
            {
                byte b = _buffer[i];
                if (b != 0 && (zeroOnly || b != c.Tag))
                {
                    _shared.Violation($"client {c.Tag} read byte {b} at {i} of {(zeroOnly ? "a new" : "its")} object");
                    return;
                }
            }
        }

        private void Reopen(int slot)
        {
            if (_mine[slot] is { } old) Close(old);
            _mine[slot] = null;
        }

        private static void Close(Client c)
        {
            c.Channel.Dispose();
            foreach (var map in c.Maps) map.Dispose();
            c.Maps.Clear();
        }

        public void Dispose()
        {
            foreach (var c in _mine)
            {
                if (c is not null) Close(c);
            }
            _pages.Dispose();
        }
    }
}
