using System.CommandLine;
using AbiKit.Emitters;
using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Cli;

/// <summary>The <c>abikit</c> command line. Exit codes: 0 ok, 1 errors found, 2 usage.</summary>
public static class AbiKitCommand
{
    /// <summary>Exit code: success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code: the specs have errors (or generation failed).</summary>
    public const int Errors = 1;
    /// <summary>Exit code: the command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line with the given output streams.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("AbiKit: design, check and bind Linux ioctl ABIs from one JSON spec per family.");
        root.Subcommands.Add(GenerateCommand(stdout, stderr));
        root.Subcommands.Add(CheckCommand(stdout, stderr));
        root.Subcommands.Add(LayoutCommand(stdout, stderr));
        root.Subcommands.Add(DecodeCommand(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CompatCommand.Create(stdout, stderr));
        root.Subcommands.Add(ImportCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine("abikit: " + error.Message);
            stderr.WriteLine("Run 'abikit --help' for usage.");
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TemplateException)
        {
            stderr.WriteLine("abikit: error: " + ex.Message);
            return Errors;
        }
    }

    private static Argument<string[]> SpecsArgument() => new("spec")
    {
        Description = "Spec files (*.abi.json).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Loads specs, printing their diagnostics; returns the loaded ones and whether any had errors.</summary>
    private static (List<SpecLoadResult> Results, bool HasErrors) Load(IEnumerable<string> paths, TextWriter stderr)
    {
        var loader = new SpecLoader();
        var results = new List<SpecLoadResult>();
        var printed = new HashSet<string>();
        bool errors = false;
        foreach (var path in paths)
        {
            var result = loader.Load(path);
            results.Add(result);
            foreach (var d in result.Diagnostics)
            {
                if (printed.Add(d.ToString())) stderr.WriteLine(d);
            }
            errors |= result.HasErrors;
        }
        return (results, errors);
    }

    private static Command GenerateCommand(TextWriter stdout, TextWriter stderr)
    {
        var specs = SpecsArgument();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output directory.", Required = true };
        var lang = new Option<string>("--lang") { Description = "What to generate: c (uapi headers), csharp, kernel (a DRM driver's argument checks and ioctl table) or all.", DefaultValueFactory = _ => "all" };
        lang.AcceptOnlyFromAmong("c", "csharp", "kernel", "all");
        var templates = new Option<DirectoryInfo?>("--templates") { Description = "Directory whose *.hbs files override the embedded templates." };
        var command = new Command("generate", "Generate C headers, C# bindings and kernel-side C from specs.") { specs, output, lang, templates };
        command.SetAction(parse =>
        {
            var (results, errors) = Load(parse.GetValue(specs)!, stderr);
            var templateDir = parse.GetValue(templates);
            if (templateDir is not null && !templateDir.Exists)
            {
                stderr.WriteLine($"abikit: error: template directory '{templateDir.FullName}' does not exist");
                return Usage;
            }
            var templateSet = templateDir is null ? TemplateSet.Embedded : TemplateSet.FromDirectory(templateDir.FullName);
            string language = parse.GetValue(lang)!;
            var emitters = Emitters.Emitters.All(templateSet).Where(e => language == "all" || e.Language == language).ToList();
            var outDir = parse.GetValue(output)!;
            foreach (var result in results.Where(r => r.Model is not null))
            {
                foreach (var emitter in emitters)
                {
                    foreach (var file in emitter.Emit(result.Model!))
                    {
                        string directory = Path.GetFullPath(Path.Combine(outDir.FullName, emitter.Language)) + Path.DirectorySeparatorChar;
                        string path = Path.GetFullPath(Path.Combine(directory, file.RelativePath));
                        if (!path.StartsWith(directory, StringComparison.Ordinal))
                        {
                            // The front end only lets plain file names through; a custom emitter or template cannot widen that.
                            stderr.WriteLine($"abikit: error: {result.Path}: refusing to write '{file.RelativePath}' outside {directory}");
                            errors = true;
                            continue;
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(path, file.Content);
                        stdout.WriteLine($"{result.Path} -> {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
                    }
                }
            }
            return errors ? Errors : Ok;
        });
        return command;
    }

    private static Command CheckCommand(TextWriter stdout, TextWriter stderr)
    {
        var specs = SpecsArgument();
        var warnAsError = new Option<bool>("--warnaserror") { Description = "Treat lint warnings as errors." };
        var command = new Command("check", "Validate and lint specs; exit 1 when any has errors.") { specs, warnAsError };
        command.SetAction(parse =>
        {
            var (results, errors) = Load(parse.GetValue(specs)!, stderr);
            int errorCount = results.SelectMany(r => r.Diagnostics).Distinct().Count(d => d.Severity == Severity.Error);
            int warningCount = results.SelectMany(r => r.Diagnostics).Distinct().Count(d => d.Severity == Severity.Warning);
            stdout.WriteLine($"{results.Count} spec(s) checked: {errorCount} error(s), {warningCount} warning(s).");
            return errors || (parse.GetValue(warnAsError) && warningCount > 0) ? Errors : Ok;
        });
        return command;
    }

    private static Command LayoutCommand(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<string>("spec") { Description = "Spec file (*.abi.json)." };
        var arch = new Option<string>("--arch") { Description = $"One ABI ({string.Join(", ", Arches.All.Select(a => a.Name()))}) or 'all' for a matrix of every ABI.", DefaultValueFactory = _ => "x86_64" };
        arch.AcceptOnlyFromAmong([.. Arches.All.Select(a => a.Name()), "all"]);
        var format = new Option<string>("--format") { Description = "text (pahole-like; a matrix for --arch all) or json (an array of reports for --arch all).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("layout", "Show every struct's offsets, sizes and holes, and every request code; also for a spec whose only errors are lint errors (exit 1 then).") { spec, arch, format };
        command.SetAction(parse =>
        {
            var (results, errors) = Load(new[] { parse.GetValue(spec)! }, stderr);
            var model = results[0].LaidOut;
            if (model is null) return Errors;
            bool json = parse.GetValue(format) == "json";
            string archName = parse.GetValue(arch)!;
            if (archName == "all") stdout.Write(json ? LayoutPrinter.JsonAll(model) : LayoutPrinter.Matrix(model));
            else
            {
                Arches.TryParse(archName, out var a);
                stdout.Write(json ? LayoutPrinter.Json(model, a) : LayoutPrinter.Text(model, a));
            }
            return errors ? Errors : Ok;
        });
        return command;
    }

    private static Command DecodeCommand(TextWriter stdout, TextWriter stderr)
    {
        var code = new Argument<string>("code") { Description = "Request code, hex (0xC010645B) or decimal." };
        var specs = new Option<string[]>("--spec") { Description = "Specs to look the code up in.", AllowMultipleArgumentsPerToken = true };
        var arch = new Option<string>("--arch") { Description = "The ABI whose encoding to decode in (ppc64le packs codes differently).", DefaultValueFactory = _ => "x86_64" };
        arch.AcceptOnlyFromAmong([.. Arches.All.Select(a => a.Name())]);
        var command = new Command("decode", "Decode a request code into direction, type, number and size.") { code, specs, arch };
        command.SetAction(parse =>
        {
            string text = parse.GetValue(code)!;
            if (!RequestDecoder.TryParse(text, out uint value))
            {
                stderr.WriteLine($"abikit: error: '{text}' is not a request code (expected hex like 0xC010645B or decimal)");
                return Usage;
            }
            var specPaths = parse.GetValue(specs) ?? Array.Empty<string>();
            var (results, errors) = Load(specPaths, stderr);
            Arches.TryParse(parse.GetValue(arch), out var a);
            stdout.Write(RequestDecoder.Describe(value, results.Where(r => r.Model is not null).Select(r => r.Model!), a));
            return errors ? Errors : Ok;
        });
        return command;
    }
}
