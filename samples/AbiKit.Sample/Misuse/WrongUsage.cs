// Deliberately wrong: each line marked "ABI00n" is a misuse the AbiKit analyzers report. This file is only
// compiled with -p:AbiKitDemoMisuse=true (the sample itself builds with zero warnings); the package
// integration test builds it that way, expects exactly these warnings, and lets `dotnet format analyzers`
// fix the leak.
using AbiKit.Alloc;
using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Runtime.Channels;

namespace Sample.Misuse;

internal static class WrongUsage
{
    public static byte Leak(IIoctlChannel channel)
    {
        var buffer = AllocBuffer.Create(channel, 4096); // ABI005: never disposed
        using var cpu = buffer.BeginCpuAccess(CpuAccess.Read);
        return cpu.Span[0];
    }

    public static void UseAfterClose(IIoctlChannel channel)
    {
        var buffer = AllocBuffer.Create(channel, 4096);
        buffer.Dispose();
        buffer.Advise(Advice.Dontneed); // ABI004: used after Dispose
    }

    public static byte ReadAfterEnd(AllocBuffer buffer)
    {
        var cpu = buffer.BeginCpuAccess(CpuAccess.Read);
        cpu.Dispose();
        return cpu.Span[0]; // ABI002: the window has ended
    }
}
