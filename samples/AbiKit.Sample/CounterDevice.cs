using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using Sample.Counter;

namespace Sample;

/// <summary>
/// The sample's own in-process device, serving the ABI of counter.abi.json. ICounterHandler and
/// CounterDispatch are generated from the spec; the generated dispatcher has already rejected unknown flag
/// bits and a non-zero pad before these methods run.
/// </summary>
internal sealed class CounterDevice : ICounterHandler
{
    public static readonly DispatchTable<CounterDevice> Table = DispatchTable<CounterDevice>.Generic((byte)'k', CounterDispatch.Entries<CounterDevice>());

    private ulong _value;

    public Errno Add(ref CounterAdd arg, DrmFile file)
    {
        if (_value > ulong.MaxValue - arg.Amount)
        {
            if ((arg.Flags & CounterAddFlags.Saturate) == 0) return Errno.EOVERFLOW;
            _value = ulong.MaxValue;
        }
        else
        {
            _value += arg.Amount;
        }
        arg.Value = _value;
        return Errno.Ok;
    }

    public Errno Get(ref CounterGet arg, DrmFile file)
    {
        arg.Value = _value;
        return Errno.Ok;
    }

    public Errno Reset(DrmFile file)
    {
        _value = 0;
        return Errno.Ok;
    }
}
