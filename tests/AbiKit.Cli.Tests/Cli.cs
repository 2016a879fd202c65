using AbiKit.Cli;

namespace AbiKit.Cli.Tests;

/// <summary>Runs <c>abikit</c> in process and captures what it prints.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = AbiKitCommand.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
