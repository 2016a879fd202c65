namespace AbiKit.Cli.Tests;

/// <summary>`abikit serve`'s command line. Serving itself is tested in AbiKit.DeviceNode.Tests (it mounts).</summary>
public class ServeCommandTests
{
    [Theory]
    [InlineData("serve")]                                          // --device and --at are required
    [InlineData("serve", "--device", "reference")]
    [InlineData("serve", "--device", "vgem", "--at", "/tmp/x")]    // only the reference device is served
    public void Usage_errors_exit_2_without_mounting_anything(params string[] args)
    {
        var result = Cli.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("abikit:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_name_with_a_slash_is_an_error_not_a_crash()
    {
        var result = Cli.Run("serve", "--device", "reference", "--at", Path.Combine(Path.GetTempPath(), "abikit-never-mounted"), "--name", "a/b");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a file name", result.Stderr, StringComparison.Ordinal);
    }
}
