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
        foreach (var file in Shipped.AllCSharp(Shipped.Family(family)))
        {
            Snapshot.Verify(file.Content, Directory, Path.GetFileNameWithoutExtension(file.RelativePath), "cs");
        }
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Kernel(string family)
    {
        foreach (var file in Shipped.Kernel(Shipped.Family(family)))
        {
            Snapshot.Verify(file.Content, Directory, Path.GetFileNameWithoutExtension(file.RelativePath), Path.GetExtension(file.RelativePath));
        }
    }

    [Fact]
    public void Every_snapshot_belongs_to_a_shipped_spec()
    {
        var expected = Shipped.All.SelectMany(f => Shipped.AllCSharp(f)
            .Select(x => Path.GetFileNameWithoutExtension(x.RelativePath) + ".verified.cs")
            .Concat(Shipped.Kernel(f).Select(x => Path.GetFileNameWithoutExtension(x.RelativePath) + ".verified" + Path.GetExtension(x.RelativePath)))
            .Append(Path.GetFileNameWithoutExtension(f.C.FileName) + ".verified.h")).Order();
        var actual = System.IO.Directory.GetFiles(Directory, "*.verified.*").Select(Path.GetFileName).Order();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Generated_files_carry_the_do_not_edit_banner()
    {
        Assert.All(Shipped.All, f =>
        {
            Assert.Contains($"Generated from {f.SourceName} by AbiKit - do not edit.", Shipped.Header(f));
            Assert.All(Shipped.AllCSharp(f), x => Assert.Contains($"Generated from {f.SourceName} by AbiKit - do not edit.", x.Content));
            Assert.All(Shipped.Kernel(f), x => Assert.Contains($"Generated from {f.SourceName} by AbiKit - do not edit.", x.Content));
        });
    }
}
