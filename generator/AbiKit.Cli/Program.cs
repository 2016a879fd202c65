namespace AbiKit.Cli;

internal static class Program
{
    private static int Main(string[] args) => AbiKitCommand.Run(args, Console.Out, Console.Error);
}
