using AbiKit.Alloc;
using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Reference;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using Sample;
using Sample.Counter;

// 1. The sample's own ABI (counter.abi.json), served in process through the generated dispatcher and
//    called through the generated typed client.
var device = new CounterDevice();
using var counterChannel = new InProcessChannel<CounterDevice>(CounterDevice.Table, device, new DrmFile());
var counter = new CounterClient(counterChannel);
var add = new CounterAdd { Amount = 40 };
counter.Add(ref add).ThrowIfFailed();
add = new CounterAdd { Amount = 2 };
counter.Add(ref add).ThrowIfFailed();
var get = new CounterGet();
counter.Get(ref get).ThrowIfFailed();
Console.WriteLine($"counter: {get.Value}");

// Deliberately wrong, to show the dispatcher's EINVAL: the AbiKit analyzers flag the constant (ABI007).
#pragma warning disable ABI007
var bad = new CounterAdd { Amount = 1, Flags = (CounterAddFlags)0x80 };
#pragma warning restore ABI007
Console.WriteLine($"unknown flag bits: {counter.Add(ref bad)}");
Console.WriteLine($"request code of ADD: 0x{CounterIoctls.Add:X8}");

// 2. AbiKit's reference allocator device: a non-coherent buffer filled by the device engine, read by the CPU
//    inside a CPU-access scope.
using var allocator = new ReferenceDevice(new AbiKit.Reference.Device.DeviceOptions { Checked = true });
using var channel = allocator.Open();
using var buffer = AllocBuffer.Create(channel, 4096, Caching.WriteCombined);
var fill = new SubmitArgs { Op = EngineOp.Fill, DstHandle = buffer.Handle, Size = buffer.Size, Value = 0x2A };
new AllocClient(channel).Submit(ref fill).ThrowIfFailed();
buffer.Wait(Timeout.InfiniteTimeSpan);
using (var cpu = buffer.BeginCpuAccess(CpuAccess.Read))
{
    Console.WriteLine($"buffer[0] after a device fill: 0x{cpu.Span[0]:X2}");
}
Console.WriteLine($"checked-mode reports: {allocator.Reports.Count}");
return get.Value == 42 && allocator.Reports.Count == 0 ? 0 : 1;
