using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>Every generated file of every shipped spec, against its checked-in *.verified.* snapshot.</summary>
public class SnapshotTests
{
    private static readonly string Directory = Path.Combine(Snapshot.DirectoryOf(), "Snapshots");

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void C_header(string family)
    {
        var f = Shipped.Family(family);
        Snapshot.Verify(Shipped.Header(f), Directory, Path.GetFileNameWithoutExtension(f.C.FileName), "h");
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void CSharp(string family)
    {
        var f = Shipped.Family(family);
        Snapshot.Verify(Shipped.CSharp(f), Directory, f.CSharp.ClassName + ".g", "cs");
    }

    [Fact]
    public void Every_snapshot_belongs_to_a_shipped_spec()
    {
        var expected = Shipped.All.SelectMany(f => new[]
        {
            Path.GetFileNameWithoutExtension(f.C.FileName) + ".verified.h",
            f.CSharp.ClassName + ".g.verified.cs",
        }).Order();
        var actual = System.IO.Directory.GetFiles(Directory, "*.verified.*").Select(Path.GetFileName).Order();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Generated_files_carry_the_do_not_edit_banner()
    {
        Assert.All(Shipped.All, f =>
        {
            Assert.Contains($"Generated from {f.SourceName} by AbiKit - do not edit.", Shipped.Header(f));
            Assert.Contains($"Generated from {f.SourceName} by AbiKit - do not edit.", Shipped.CSharp(f));
        });
    }
}
