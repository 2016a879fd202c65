using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Reference.Tests.Device;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// USERPTR's mapping check asks the kernel with PROCMAP_QUERY (Linux 6.11+) instead of walking the text of
/// /proc/self/maps. Both must give the same answer for every kind of range the errno tests use; and on a
/// kernel that has the ioctl, the fast path must really be the one taken.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class UserRangeInspectTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Fact]
    public void TheQueryIsUsedWhereTheKernelHasIt()
    {
        using var pages = UserPages.Anonymous(2);
        bool supported = UserRange.TryInspectWithQuery(pages.Address, 2 * Page, readOnly: false, out var mapping);
        if (Environment.OSVersion.Version >= new Version(6, 11))
        {
            Assert.True(supported, "PROCMAP_QUERY exists since Linux 6.11 but was not used");
            Assert.Equal(UserRange.Mapping.Ordinary, mapping);
        }
    }

    [Fact]
    public void QueryAndTextWalkAgree()
    {
        using var anon = UserPages.Anonymous(6);
        anon.Protect(2, 1, UserPages.ProtRead);   // page 2 read-only
        anon.Protect(3, 1, UserPages.ProtNone);   // page 3 inaccessible
        anon.Unmap(5, 1);                         // page 5 a hole
        using var sharedZero = UserPages.OfFile("/dev/zero", 2, shared: true);
        using var store = new BackingStore();
        var arenaMemory = store.Allocate(2 * (long)Page);
        ulong arena = (ulong)store.Pointer(arenaMemory);
        var vdsoLine = File.ReadLines("/proc/self/maps").First(l => l.EndsWith("[vdso]", StringComparison.Ordinal));
        ulong vdso = ulong.Parse(vdsoLine[..vdsoLine.IndexOf('-')], System.Globalization.NumberStyles.HexNumber);

        var cases = new List<(string What, ulong Start, ulong Length)>
        {
            ("anonymous read-write", anon.Address, 2 * Page),
            ("into read-only", anon.Address, 3 * Page),
            ("read-only alone", anon.PageAt(2), Page),
            ("PROT_NONE", anon.PageAt(3), Page),
            ("across PROT_NONE", anon.PageAt(2), 3 * Page),
            ("into a hole", anon.PageAt(4), 2 * Page),
            ("the hole", anon.PageAt(5), Page),
            ("shared /dev/zero", sharedZero.Address, 2 * Page),
            ("the device's own arena", arena, 2 * Page),
            ("the vdso", vdso, Page),
        };
        foreach (var (what, start, length) in cases)
        {
            foreach (bool readOnly in new[] { false, true })
            {
                var text = UserRange.InspectMapsText(start, length, readOnly);
                Assert.Equal(text, UserRange.Inspect(start, length, readOnly));
                if (UserRange.TryInspectWithQuery(start, length, readOnly, out var queried))
                    Assert.True(text == queried, $"{what} (read-only {readOnly}): maps text says {text}, PROCMAP_QUERY says {queried}");
            }
        }
        // A few the errno tests rely on, spelled out.
        Assert.Equal(UserRange.Mapping.Ordinary, UserRange.Inspect(anon.Address, 2 * Page, readOnly: false));
        Assert.Equal(UserRange.Mapping.NotAccessible, UserRange.Inspect(anon.Address, 3 * Page, readOnly: false));
        Assert.Equal(UserRange.Mapping.Ordinary, UserRange.Inspect(anon.Address, 3 * Page, readOnly: true));
        Assert.Equal(UserRange.Mapping.NotAccessible, UserRange.Inspect(anon.PageAt(3), Page, readOnly: true));
        // A hole anywhere outranks an inaccessible page before it: checked mode reports only a range gone.
        Assert.Equal(UserRange.Mapping.NotMapped, UserRange.Inspect(anon.PageAt(3), 3 * Page, readOnly: true));
        Assert.Equal(UserRange.Mapping.Ordinary, UserRange.Inspect(sharedZero.Address, 2 * Page, readOnly: false));
        Assert.Equal(UserRange.Mapping.NotOrdinary, UserRange.Inspect(arena, 2 * Page, readOnly: false));
    }
}
