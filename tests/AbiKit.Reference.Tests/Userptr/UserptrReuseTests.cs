using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// Closed USERPTR objects are recycled (USERPTR+CLOSE allocates nothing): a recycled object must be wholly the
/// new one — its range, read-only flag, owner, pin state and charge — with nothing left of the old.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed class UserptrReuseTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void ARecycledUserptrObjectIsWhollyTheNewOne()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        using var first = UserPages.Anonymous(2);
        using var second = UserPages.Anonymous(3);
        using var hole = UserPages.Anonymous(1);
        hole.Unmap(0, 1);

        for (int round = 0; round < 3; round++)
        {
            // A read-only, pinned object of A, closed...
            var old = a.WrapUser(first.Address, first.Length, UserptrFlags.ReadOnly);
            Assert.Equal(first.Length, a.PinnedBytes());
            Assert.Equal(Errno.Ok, a.Close(old));
            Assert.Equal(0ul, a.PinnedBytes());

            // ...then B's writable object over other memory: the engine writes B's range, never A's.
            var user = b.WrapUser(second.Address, second.Length);
            Assert.Equal(second.Length, b.PinnedBytes());
            Assert.Equal(0ul, a.PinnedBytes());
            Assert.Equal(Errno.Ok, b.Submit(TestClient.Fill(user, 0, second.Length, (byte)(0x30 + round))));
            b.WaitIdle(user);
            Assert.True(second.Span.IndexOfAnyExcept((byte)(0x30 + round)) < 0);
            Assert.True(first.Span.IndexOfAnyExcept((byte)0) < 0);
            Assert.Contains("lo", UserPages.VmFlagsAt(second.Address));
            Assert.DoesNotContain("lo", UserPages.VmFlagsAt(first.Address));
            Assert.Equal(Errno.Ok, b.Close(user));
            Assert.DoesNotContain("lo", UserPages.VmFlagsAt(second.Address));

            // ...and one over a hole: not pinned, EFAULT at first use, whatever the recycled object was.
            var unpinned = b.WrapUser(hole.Address, Page);
            Assert.Equal(Errno.EFAULT, b.Begin(unpinned, AccessFlags.Write));
            Assert.Equal(Errno.Ok, b.Close(unpinned));
            Assert.Equal(0ul, b.PinnedBytes());
        }
    }
}
