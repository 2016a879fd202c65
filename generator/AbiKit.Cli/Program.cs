namespace AbiKit.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            return AbiKitCommand.Run(args, Console.Out, Console.Error);
        }
        catch (Exception ex)
        {
            // A bug in AbiKit must never look like success to a script that runs `abikit check`: say so and exit 1.
            Console.Error.WriteLine($"abikit: internal error (please report it with the spec that caused it): {ex.GetType().Name}: {ex.Message}");
            return AbiKitCommand.Errors;
        }
    }
}
