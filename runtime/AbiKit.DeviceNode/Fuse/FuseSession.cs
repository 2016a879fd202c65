using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.DeviceNode.Fuse;

/// <summary>
/// Serves one FUSE mount: a root directory holding one file, the device node. Reader threads take requests
/// from /dev/fuse and answer them; a new reader starts whenever none is left idle, because a request may
/// block (WAIT) or make the kernel send requests of its own (an invalidation writes dirty pages back).
/// </summary>
internal sealed unsafe class FuseSession
{
    private const int ENOENT = 2;
    private const int EIO = 5;
    private const int EBADF = 9;
    private const int ENOTDIR = 20;
    private const int EISDIR = 21;
    private const int ENOSYS = 38;
    private const int EPROTO = 71;
    private const int ESTALE = 116;
    // The node's size: mmap offsets (fake offsets from 4 GiB up) must lie below it, or mappings fault with SIGBUS.
    private const ulong NodeSize = 1UL << 62;
    private const int MaxIdleReaders = 4;

    private readonly FuseDevice _fuse;
    private readonly IServedDevice _device;
    private readonly DeviceNodeOptions _options;
    private readonly byte[] _nodeName;
    private readonly byte[]? _primaryName;
    private readonly ConcurrentDictionary<ulong, DrmNode> _kinds = new(); // node id -> which node it was looked up as
    private readonly ConcurrentDictionary<ulong, long> _lookups = new(); // node id -> kernel lookup count
    private readonly ConcurrentDictionary<ulong, NodeClient> _clientsByNode = new();
    private readonly ConcurrentDictionary<ulong, NodeClient> _clientsByHandle = new();
    private readonly CountdownEvent _readers = new(1);
    private readonly long _startTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private long _nextNodeId = (long)FuseConst.RootId;
    private long _nextHandle;
    private int _idle;
    private int _threads;
    private int _stopping;

    public FuseSession(FuseDevice fuse, IServedDevice device, DeviceNodeOptions options)
    {
        _fuse = fuse;
        _device = device;
        _options = options;
        _nodeName = Encoding.UTF8.GetBytes(options.NodeName);
        _primaryName = options.PrimaryNodeName is { } primary ? Encoding.UTF8.GetBytes(primary) : null;
    }

    /// <summary>Open files (clients) right now.</summary>
    public int ClientCount => _clientsByHandle.Count;

    public void Start() => StartReader();

    /// <summary>Waits until every reader has left (after the connection is gone).</summary>
    public bool WaitForReaders(TimeSpan timeout)
    {
        Volatile.Write(ref _stopping, 1);
        _readers.Signal();
        return _readers.Wait(timeout);
    }

    /// <summary>Closes what clients were left open when the server stops.</summary>
    public void ReleaseAll()
    {
        foreach (var client in _clientsByHandle.Values) client.Release();
        _clientsByHandle.Clear();
        _clientsByNode.Clear();
    }

    private void StartReader()
    {
        if (!_readers.TryAddCount()) return; // stopping
        Interlocked.Increment(ref _threads);
        Interlocked.Increment(ref _idle);
        var thread = new Thread(ReaderLoop) { IsBackground = true, Name = "abikit-node" };
        thread.Start();
    }

    private void ReaderLoop()
    {
        byte* buffer = (byte*)NativeMemory.AlignedAlloc(FuseConst.BufferSize, 4096);
        byte* reply = (byte*)NativeMemory.AlignedAlloc(FuseConst.BufferSize, 4096);
        try
        {
            while (Volatile.Read(ref _stopping) == 0)
            {
                int length = _fuse.Read(buffer, FuseConst.BufferSize);
                if (length < 0) break;
                // Never leave the kernel without a reader: this request may block or need another request answered.
                if (Interlocked.Decrement(ref _idle) == 0 && Volatile.Read(ref _threads) < _options.MaxThreads) StartReader();
                try
                {
                    if (length >= sizeof(FuseInHeader)) Handle(buffer, length, reply);
                }
                catch (Exception ex)
                {
                    // Hostile or unexpected input answers an errno; nothing may take the server down.
                    _options.OnError?.Invoke(ex);
                    ReplyError(((FuseInHeader*)buffer)->Unique, EIO, reply);
                }
                if (Interlocked.Increment(ref _idle) > MaxIdleReaders)
                {
                    Interlocked.Decrement(ref _idle);
                    break;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _threads);
            NativeMemory.AlignedFree(buffer);
            NativeMemory.AlignedFree(reply);
            _readers.Signal();
        }
    }

    private void Handle(byte* buffer, int length, byte* reply)
    {
        var header = (FuseInHeader*)buffer;
        byte* body = buffer + sizeof(FuseInHeader);
        int bodyLength = Math.Min(length, (int)header->Len) - sizeof(FuseInHeader);
        ulong unique = header->Unique;
        switch (header->Opcode)
        {
            case FuseOpcode.Init:
                Init(unique, body, bodyLength, reply);
                break;
            case FuseOpcode.Lookup:
                Lookup(header, body, bodyLength, reply);
                break;
            case FuseOpcode.Forget:
                if (bodyLength >= sizeof(FuseForgetIn)) Forget(header->NodeId, ((FuseForgetIn*)body)->NLookup);
                break; // no reply
            case FuseOpcode.BatchForget:
                BatchForget(body, bodyLength);
                break; // no reply
            case FuseOpcode.Getattr:
            case FuseOpcode.Setattr:
                Getattr(header, reply);
                break;
            case FuseOpcode.Open:
                Open(header, reply);
                break;
            case FuseOpcode.Opendir:
                if (header->NodeId != FuseConst.RootId) ReplyError(unique, ENOTDIR, reply);
                else ReplyStruct(unique, new FuseOpenOut(), reply);
                break;
            case FuseOpcode.Readdir:
                Readdir(header, body, bodyLength, reply);
                break;
            case FuseOpcode.Read:
                Read(header, body, bodyLength, reply);
                break;
            case FuseOpcode.Write:
                Write(header, body, bodyLength, reply);
                break;
            case FuseOpcode.Ioctl:
                Ioctl(header, body, bodyLength, reply);
                break;
            case FuseOpcode.Release:
                if (bodyLength >= sizeof(FuseReleaseIn) && _clientsByHandle.TryRemove(((FuseReleaseIn*)body)->Fh, out var client))
                {
                    _clientsByNode.TryRemove(new KeyValuePair<ulong, NodeClient>(client.NodeId, client));
                    client.Release();
                }
                ReplyError(unique, 0, reply);
                break;
            case FuseOpcode.Statfs:
                ReplyStruct(unique, new FuseStatfsOut { Bsize = 4096, Frsize = 4096, NameLen = 255 }, reply);
                break;
            case FuseOpcode.Flush:
                if (bodyLength >= sizeof(ulong) && _clientsByHandle.TryGetValue(*(ulong*)body, out var flushed) && flushed.MarkFlushed())
                    Interlocked.Increment(ref _pendingCloses);
                ReplyError(unique, 0, reply);
                break;
            case FuseOpcode.Fsync:
            case FuseOpcode.Fsyncdir:
            case FuseOpcode.Releasedir:
            case FuseOpcode.Access:
            case FuseOpcode.Destroy:
                ReplyError(unique, 0, reply);
                break;
            case FuseOpcode.Interrupt:
                break; // requests here run to completion (as drm ioctls that do not sleep interruptibly); no reply
            default:
                ReplyError(unique, ENOSYS, reply); // xattrs, locks, poll, lseek...: the kernel then stops asking
                break;
        }
    }

    private void Init(ulong unique, byte* body, int bodyLength, byte* reply)
    {
        if (bodyLength < sizeof(FuseInitIn) || ((FuseInitIn*)body)->Major != FuseConst.KernelVersion)
        {
            ReplyError(unique, EPROTO, reply);
            return;
        }
        var init = (FuseInitIn*)body;
        var answer = new FuseInitOut
        {
            Major = FuseConst.KernelVersion,
            Minor = Math.Min(FuseConst.KernelMinor, init->Minor),
            // No readahead: a fault reads exactly the faulting page, never a neighbouring object's.
            MaxReadahead = 0,
            Flags = init->Flags & (FuseConst.BigWrites | FuseConst.MaxPages | FuseConst.ExplicitInvalData),
            MaxBackground = 16,
            CongestionThreshold = 12,
            MaxWrite = FuseConst.MaxWrite,
            TimeGran = 1,
            MaxPages = FuseConst.MaxWrite / 4096,
        };
        ReplyStruct(unique, answer, reply);
    }

    private void Lookup(FuseInHeader* header, byte* body, int bodyLength, byte* reply)
    {
        var name = new ReadOnlySpan<byte>(body, Math.Max(0, bodyLength)).TrimEnd((byte)0);
        DrmNode kind;
        if (header->NodeId == FuseConst.RootId && name.SequenceEqual(_nodeName)) kind = DrmNode.Render;
        else if (header->NodeId == FuseConst.RootId && _primaryName is not null && name.SequenceEqual(_primaryName)) kind = DrmNode.Primary;
        else
        {
            ReplyError(header->Unique, ENOENT, reply);
            return;
        }
        // A new inode for every lookup, never cached (entry_valid 0): each open(2) revalidates, gets a new node
        // id, and so an inode — and a page cache — of its own.
        ulong nodeId = (ulong)Interlocked.Increment(ref _nextNodeId);
        _kinds[nodeId] = kind;
        _lookups.AddOrUpdate(nodeId, 1, (_, n) => n + 1);
        var entry = new FuseEntryOut { NodeId = nodeId, Generation = 1, EntryValid = 0, AttrValid = 3600, Attr = NodeAttr(nodeId) };
        ReplyStruct(header->Unique, entry, reply);
    }

    private void Forget(ulong nodeId, ulong count)
    {
        if (nodeId == FuseConst.RootId) return;
        long left = _lookups.AddOrUpdate(nodeId, 0, (_, n) => n - (long)Math.Min(count, (ulong)long.MaxValue));
        if (left <= 0)
        {
            _lookups.TryRemove(nodeId, out _);
            _kinds.TryRemove(nodeId, out _);
        }
    }

    private void BatchForget(byte* body, int bodyLength)
    {
        if (bodyLength < sizeof(FuseBatchForgetIn)) return;
        uint count = ((FuseBatchForgetIn*)body)->Count;
        var entries = (FuseForgetOne*)(body + sizeof(FuseBatchForgetIn));
        long room = (bodyLength - sizeof(FuseBatchForgetIn)) / sizeof(FuseForgetOne);
        for (long i = 0; i < Math.Min(count, room); i++) Forget(entries[i].NodeId, entries[i].NLookup);
    }

    private FuseAttr NodeAttr(ulong nodeId) => new()
    {
        Ino = nodeId,
        Size = NodeSize,
        Mode = FuseConst.ModeRegular | 0x1B6, // 0666: a render node anyone may open
        Nlink = 1,
        Atime = (ulong)_startTime,
        Mtime = (ulong)_startTime,
        Ctime = (ulong)_startTime,
        BlkSize = 4096,
    };

    private void Getattr(FuseInHeader* header, byte* reply)
    {
        var attr = header->NodeId == FuseConst.RootId
            ? new FuseAttr { Ino = FuseConst.RootId, Mode = FuseConst.ModeDirectory | 0x1ED, Nlink = 2, Atime = (ulong)_startTime, Mtime = (ulong)_startTime, Ctime = (ulong)_startTime, BlkSize = 4096 }
            : NodeAttr(header->NodeId);
        ReplyStruct(header->Unique, new FuseAttrOut { AttrValid = 3600, Attr = attr }, reply);
    }

    private void Open(FuseInHeader* header, byte* reply)
    {
        ulong nodeId = header->NodeId;
        if (nodeId == FuseConst.RootId)
        {
            ReplyError(header->Unique, EISDIR, reply);
            return;
        }
        if (Volatile.Read(ref _stopping) != 0)
        {
            ReplyError(header->Unique, EIO, reply);
            return;
        }
        // Two opens raced onto one inode: ESTALE makes the VFS look the name up again (LOOKUP_REVAL), which
        // gives this open an inode of its own.
        if (_clientsByNode.ContainsKey(nodeId))
        {
            ReplyError(header->Unique, ESTALE, reply);
            return;
        }
        var kind = _kinds.TryGetValue(nodeId, out var k) ? k : DrmNode.Render;
        AwaitPendingCloses();
        IServedFile file;
        try
        {
            int pid = (int)header->Pid;
            file = _device.Open(kind, new NodeCaller(pid, CallerCredentials.HasSysAdmin(pid)));
        }
        catch (ObjectDisposedException)
        {
            ReplyError(header->Unique, 19, reply); // ENODEV: the device is gone
            return;
        }
        var client = new NodeClient((ulong)Interlocked.Increment(ref _nextHandle), nodeId, kind, file, _fuse)
        {
            OnFlushedClosed = _ => Interlocked.Decrement(ref _pendingCloses),
        };
        if (!_clientsByNode.TryAdd(nodeId, client))
        {
            file.Dispose();
            ReplyError(header->Unique, ESTALE, reply);
            return;
        }
        _clientsByHandle[client.Handle] = client;
        ReplyStruct(header->Unique, new FuseOpenOut { Fh = client.Handle }, reply);
    }

    /// <summary>
    /// The kernel releases a DRM file within the close(2) that drops its last descriptor: its handles, flink names
    /// and mastership are gone for every request that follows. FUSE sends RELEASE after close(2) has returned, so
    /// a file whose descriptor was closed (FLUSH) is given a moment to be released before the next open or ioctl
    /// runs. A file still open elsewhere (dup, fork) sends no RELEASE: it costs that moment once, then is unmarked.
    /// The common path is one read of a counter.
    /// </summary>
    private void AwaitPendingCloses()
    {
        if (Volatile.Read(ref _pendingCloses) == 0) return;
        var deadline = DateTime.UtcNow + ReleaseGrace;
        foreach (var client in _clientsByHandle.Values)
        {
            if (!client.Flushed) continue;
            var left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero && client.WaitClosed(left)) continue;
            if (client.ClearFlushed()) Interlocked.Decrement(ref _pendingCloses); // still open elsewhere
        }
    }

    private static readonly TimeSpan ReleaseGrace = TimeSpan.FromMilliseconds(200);
    private int _pendingCloses;

    private void Readdir(FuseInHeader* header, byte* body, int bodyLength, byte* reply)
    {
        if (bodyLength < sizeof(FuseReadIn))
        {
            ReplyError(header->Unique, EIO, reply);
            return;
        }
        var read = (FuseReadIn*)body;
        byte* data = reply + sizeof(FuseOutHeader);
        int used = 0;
        int limit = (int)Math.Min(read->Size, (uint)(FuseConst.BufferSize - sizeof(FuseOutHeader)));
        ReadOnlySpan<(byte[] Name, ulong Ino, uint Type)> entries = _primaryName is null
            ? [("."u8.ToArray(), FuseConst.RootId, 4), (".."u8.ToArray(), FuseConst.RootId, 4), (_nodeName, 2, 8)]
            : [("."u8.ToArray(), FuseConst.RootId, 4), (".."u8.ToArray(), FuseConst.RootId, 4), (_primaryName, 3, 8), (_nodeName, 2, 8)];
        for (int i = (int)Math.Min(read->Offset, (ulong)entries.Length); i < entries.Length; i++)
        {
            int size = (sizeof(FuseDirent) + entries[i].Name.Length + 7) & ~7;
            if (used + size > limit) break;
            var dirent = (FuseDirent*)(data + used);
            *dirent = new FuseDirent { Ino = entries[i].Ino, Off = (ulong)(i + 1), NameLen = (uint)entries[i].Name.Length, Type = entries[i].Type };
            var nameSpan = new Span<byte>(data + used + sizeof(FuseDirent), size - sizeof(FuseDirent));
            nameSpan.Clear();
            entries[i].Name.CopyTo(nameSpan);
            used += size;
        }
        ReplyData(header->Unique, used, reply);
    }

    private NodeClient? ClientOf(ulong fh, ulong nodeId)
        => _clientsByHandle.TryGetValue(fh, out var byHandle) ? byHandle
            : _clientsByNode.TryGetValue(nodeId, out var byNode) ? byNode : null;

    private void Read(FuseInHeader* header, byte* body, int bodyLength, byte* reply)
    {
        if (bodyLength < sizeof(FuseReadIn))
        {
            ReplyError(header->Unique, EIO, reply);
            return;
        }
        var read = (FuseReadIn*)body;
        var client = ClientOf(read->Fh, header->NodeId);
        if (client is null || !client.Enter())
        {
            ReplyError(header->Unique, EBADF, reply);
            return;
        }
        try
        {
            int size = (int)Math.Min(read->Size, (uint)(FuseConst.BufferSize - sizeof(FuseOutHeader)));
            var data = new Span<byte>(reply + sizeof(FuseOutHeader), size);
            var result = client.File.ReadMapping(read->Offset, data);
            if (result != Errno.Ok) ReplyError(header->Unique, (int)result, reply);
            else ReplyData(header->Unique, size, reply);
        }
        finally
        {
            client.Exit();
        }
    }

    private void Write(FuseInHeader* header, byte* body, int bodyLength, byte* reply)
    {
        if (bodyLength < sizeof(FuseWriteIn))
        {
            ReplyError(header->Unique, EIO, reply);
            return;
        }
        var write = (FuseWriteIn*)body;
        int size = (int)Math.Min(write->Size, (uint)(bodyLength - sizeof(FuseWriteIn)));
        var client = ClientOf(write->Fh, header->NodeId);
        if (client is null || !client.Enter())
        {
            ReplyError(header->Unique, EBADF, reply);
            return;
        }
        try
        {
            var result = client.File.WriteMapping(write->Offset, new ReadOnlySpan<byte>(body + sizeof(FuseWriteIn), size));
            if (result != Errno.Ok) ReplyError(header->Unique, (int)result, reply);
            else ReplyStruct(header->Unique, new FuseWriteOut { Size = (uint)size }, reply);
        }
        finally
        {
            client.Exit();
        }
    }

    private void Ioctl(FuseInHeader* header, byte* body, int bodyLength, byte* reply)
    {
        if (bodyLength < sizeof(FuseIoctlIn))
        {
            ReplyError(header->Unique, EIO, reply);
            return;
        }
        AwaitPendingCloses();
        var ioctl = (FuseIoctlIn*)body;
        var client = ClientOf(ioctl->Fh, header->NodeId);
        if (client is null)
        {
            ReplyError(header->Unique, header->NodeId == FuseConst.RootId ? 25 : EBADF, reply); // ENOTTY on the directory
            return;
        }
        // Restricted ioctls: the kernel copied in _IOC_SIZE bytes when _IOC_WRITE and copies out what we return
        // (at most out_size) when _IOC_READ — drm_ioctl()'s copy, done by FUSE.
        int inSize = (int)Math.Min(ioctl->InSize, (uint)(bodyLength - sizeof(FuseIoctlIn)));
        int outSize = (int)Math.Min(ioctl->OutSize, 16383u);
        int argSize = Math.Max(Math.Max(inSize, outSize), new AbiKit.Model.IoctlCode(ioctl->Cmd).Size);
        if (!client.Enter())
        {
            ReplyError(header->Unique, EBADF, reply);
            return;
        }
        IoctlResult result;
        byte* data = reply + sizeof(FuseOutHeader) + sizeof(FuseIoctlOut);
        var argument = new Span<byte>(data, argSize);
        argument.Clear();
        new ReadOnlySpan<byte>(body + sizeof(FuseIoctlIn), inSize).CopyTo(argument);
        try
        {
            // The argument's address too: a flexible array's elements lie beyond the _IOC_SIZE bytes FUSE copied.
            using (CallerMemory.Enter((int)header->Pid, ioctl->Arg))
            {
                result = Dispatch(client, ioctl->Cmd, argument);
            }
        }
        finally
        {
            client.Exit();
        }
        var outHeader = (FuseIoctlOut*)(reply + sizeof(FuseOutHeader));
        // A failing ioctl still copies its argument back (drm_ioctl() does), so the errno travels in result,
        // not in the reply header (which would make FUSE skip the copy).
        *outHeader = new FuseIoctlOut { Result = result.Raw }; // a non-negative result (a new fd) is the ioctl's return value
        ReplyData(header->Unique, sizeof(FuseIoctlOut) + outSize, reply);
    }

    private IoctlResult Dispatch(NodeClient client, uint request, Span<byte> argument)
    {
        if (DrmCore.TryHandle(_device.Identity, request, argument, out var core)) return core;
        var file = client.File;
        file.BeforeIoctl(request, argument, client);
        var result = file.IoctlWithResult(request, argument);
        file.AfterIoctl(request, argument, result.Errno, client);
        return result;
    }

    private void ReplyStruct<T>(ulong unique, T value, byte* reply)
        where T : unmanaged
    {
        *(T*)(reply + sizeof(FuseOutHeader)) = value;
        ReplyData(unique, sizeof(T), reply);
    }

    private void ReplyData(ulong unique, int length, byte* reply)
    {
        *(FuseOutHeader*)reply = new FuseOutHeader { Len = (uint)(sizeof(FuseOutHeader) + length), Error = 0, Unique = unique };
        _fuse.Write(reply, sizeof(FuseOutHeader) + length);
    }

    private void ReplyError(ulong unique, int errno, byte* reply)
    {
        *(FuseOutHeader*)reply = new FuseOutHeader { Len = (uint)sizeof(FuseOutHeader), Error = -errno, Unique = unique };
        _fuse.Write(reply, sizeof(FuseOutHeader));
    }
}
