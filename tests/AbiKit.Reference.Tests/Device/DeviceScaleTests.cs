using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Memory;
using AbiKit.Runtime;
using Xunit.Abstractions;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// 100,000 live objects in one client on a flat number of file descriptors. In the fd-counting collection, so
/// no other test opens or closes descriptors while this one counts.
/// </summary>
[Collection(FdCountingCollection.Name)]
public sealed class DeviceScaleTests(ITestOutputHelper output)
{
    private const int Objects = 100_000;

    [Fact]
    public void HundredThousandObjectsInOneClientKeepFileDescriptorsFlat()
    {
        int fdsBefore = FileDescriptors.OpenCount();
        var fx = new DeviceFixture();
        try
        {
            var c = fx.Open();
            var handles = new BoHandle[Objects];
            int fdsAtFirst = 0;
            for (int i = 0; i < Objects; i++)
            {
                var args = TestClient.CreateArgsFor(4096, Caching.Cached);
                Assert.Equal(Errno.Ok, c.Alloc.Create(ref args));
                handles[i] = args.Handle;
                if (i == 0) fdsAtFirst = FileDescriptors.OpenCount();
            }
            int fdsLive = FileDescriptors.OpenCount();
            output.WriteLine($"open fds: {fdsBefore} before the device, {fdsAtFirst} with 1 object, {fdsLive} with {Objects}; device bytes {fx.Device.ObjectBytes}");

            Assert.Equal(Objects, fx.Device.ObjectCount);
            Assert.Equal((uint)Objects, handles[^1].Value); // dense, lowest-free handles
            Assert.True(fdsLive - fdsBefore <= 4, $"open fds grew from {fdsBefore} (no objects) to {fdsLive} ({Objects} objects)");

            // A few of them really work (the rest stay untouched, so not resident).
            foreach (int i in new[] { 0, 1, Objects / 2, Objects - 1 })
            {
                c.Write(handles[i], (ulong)(i % 4000), [(byte)(i | 1)]);
                Assert.Equal((byte)(i | 1), c.Read(handles[i], (ulong)(i % 4000), 1)[0]);
            }

            c.Dispose();
            Assert.Equal(0, fx.Device.ObjectCount);
            Assert.Equal(0UL, fx.Device.ObjectBytes);
        }
        finally
        {
            fx.Dispose();
        }
    }
}
