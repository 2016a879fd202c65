namespace AbiKit.Runtime.Dispatch;

/// <summary>
/// DRM's master and authentication rules for one device (drivers/gpu/drm/drm_auth.c): the first file opened on
/// the primary node while there is no master becomes master, and the master is authenticated; a file opened
/// with CAP_SYS_ADMIN is authenticated "for compatibility"; any other primary-node file asks GET_MAGIC for a
/// token that the master redeems with AUTH_MAGIC. Tokens belong to the master a file was opened under, so a
/// new master cannot redeem an old master's tokens. Thread-safe.
/// </summary>
public sealed class DrmAuthentication
{
    private readonly object _gate = new();
    private Master? _current;

    /// <summary>drm_file_alloc() and drm_master_open(): sets up <paramref name="file"/>'s authentication and mastership.</summary>
    public void Opened(DrmFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            file.Authenticated = file.HasSysAdmin;
            if (file.Node != DrmNode.Primary) return;
            if (_current is null)
            {
                _current = new Master(file);
                file.IsMaster = true;
                file.Authenticated = true;
            }
            file.MasterState = _current;
        }
    }

    /// <summary>drm_master_release(): forgets <paramref name="file"/>'s token; a closing master leaves the device without one.</summary>
    public void Closed(DrmFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            if (file.MasterState is Master master && file.Magic != 0) master.Magics.Remove(file.Magic);
            if (file.IsMaster && ReferenceEquals(_current?.File, file)) _current = null;
            file.IsMaster = false;
            file.MasterState = null;
        }
    }

    /// <summary>drm_getmagic(): the file's token, allocated lowest-free from 1 on first use.</summary>
    public Errno GetMagic(DrmFile file, out uint magic)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            magic = 0;
            if (file.MasterState is not Master master) return Errno.EINVAL;
            if (file.Magic == 0)
            {
                uint candidate = 1;
                while (master.Magics.ContainsKey(candidate) || master.Used.Contains(candidate)) candidate++;
                master.Magics[candidate] = file;
                file.Magic = candidate;
            }
            magic = file.Magic;
            return Errno.Ok;
        }
    }

    /// <summary>drm_authmagic(): the master redeems a token; EINVAL when it handed out no such (unused) token.</summary>
    public Errno AuthMagic(DrmFile master, uint magic)
    {
        ArgumentNullException.ThrowIfNull(master);
        lock (_gate)
        {
            if (master.MasterState is not Master state || !state.Magics.TryGetValue(magic, out var file)) return Errno.EINVAL;
            file.Authenticated = true;
            // idr_replace(..., NULL, magic): the slot stays taken, so a used token is never handed out again.
            state.Magics.Remove(magic);
            state.Used.Add(magic);
            return Errno.Ok;
        }
    }

    private sealed class Master(DrmFile file)
    {
        public DrmFile File { get; } = file;
        public Dictionary<uint, DrmFile> Magics { get; } = new();
        public HashSet<uint> Used { get; } = new();
    }
}
