using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using AbiKit.Emitters;
using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AbiKit.SourceGenerator
{
    /// <summary>
    /// Generates the C# that <c>abikit generate --lang csharp</c> writes, for every <c>*.abi.json</c> AdditionalFile,
    /// through the same front end and emitters. Incremental by construction: the model is symbol-free with value
    /// equality, diagnostics (which carry positions) travel apart from it, and nothing is combined with the
    /// Compilation, so C# edits never re-run it and a whitespace-only spec edit regenerates nothing.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class AbiSourceGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline's steps (for incremental-generation tests).</summary>
        public static class StepNames
        {
            /// <summary>Each spec file's path and text.</summary>
            public const string SpecText = "AbiSpecText";
            /// <summary>All spec texts, for resolving imports.</summary>
            public const string SpecSet = "AbiSpecSet";
            /// <summary>Each spec parsed, resolved and laid out, with its diagnostics.</summary>
            public const string Parse = "AbiParse";
            /// <summary>Each spec's model alone: what the sources are generated from.</summary>
            public const string Model = "AbiModel";
            /// <summary>The MSBuild options.</summary>
            public const string Options = "AbiOptions";
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var options = context.AnalyzerConfigOptionsProvider
                .Select((provider, _) => ReadOptions(provider.GlobalOptions))
                .WithTrackingName(StepNames.Options);

            var specs = context.AdditionalTextsProvider
                .Where(text => text.Path.EndsWith(".abi.json", StringComparison.OrdinalIgnoreCase))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select((pair, ct) =>
                {
                    var fileOptions = pair.Right.GetOptions(pair.Left);
                    return new SpecText(
                        pair.Left.Path,
                        pair.Left.GetText(ct)?.ToString() ?? "",
                        fileOptions.TryGetValue("build_metadata.AdditionalFiles.AbiKitNamespace", out var ns) ? ns.Trim() : "",
                        !fileOptions.TryGetValue("build_metadata.AdditionalFiles.AbiKitGenerate", out var generate) || !generate.Trim().Equals("false", StringComparison.OrdinalIgnoreCase));
                })
                .WithTrackingName(StepNames.SpecText);

            // One entry per path: a spec listed twice (say, by the package's glob and by hand) is one spec.
            var all = specs.Collect()
                .Select((texts, _) => texts.GroupBy(t => t.Path, StringComparer.Ordinal).Select(g => g.First()).OrderBy(t => t.Path, StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(StepNames.SpecSet);

            var parsed = all.SelectMany((set, _) => set)
                .Combine(all)
                .Select((pair, ct) => Parse(pair.Left, pair.Right, ct))
                .WithTrackingName(StepNames.Parse);

            var models = parsed
                .Select((result, _) => result.Generate ? result.Model : null)
                .WithTrackingName(StepNames.Model);

            context.RegisterSourceOutput(models.Combine(options), static (spc, pair) => EmitSources(spc, pair.Left, pair.Right));
            context.RegisterSourceOutput(parsed.Select((result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));
        }

        private static GeneratorOptions ReadOptions(AnalyzerConfigOptions global)
        {
            string visibility = global.TryGetValue("build_property.AbiKitVisibility", out var v) && v.Trim().Equals("internal", StringComparison.OrdinalIgnoreCase) ? "internal" : "public";
            bool client = !global.TryGetValue("build_property.AbiKitGenerateClient", out var c) || !c.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
            return new GeneratorOptions(visibility, client);
        }

        /// <summary>Parses one spec; its imports are found among the other spec AdditionalFiles.</summary>
        private static ParseResult Parse(SpecText spec, EquatableArray<SpecText> all, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var files = new AdditionalSpecFiles(all);
                var loader = new SpecLoader(files, path => files.NamespaceOf(path));
                var result = loader.LoadText(spec.Path, spec.Text);
                var texts = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var t in all) texts[files.Key(t.Path)] = t.Text;
                var offsets = new Dictionary<string, LineOffsets>(StringComparer.Ordinal);
                var diagnostics = result.Diagnostics
                    .Select(d => new DiagnosticInfo(d.Id, d.Severity == Severity.Error, d.Message, d.Path, d.Position.Line, d.Position.Column,
                        OffsetOf(files.Key(d.Path), d.Position)))
                    .ToEquatableArray();

                int OffsetOf(string key, AbiKit.Frontend.Json.SourcePosition position)
                {
                    if (!offsets.TryGetValue(key, out var lines))
                    {
                        if (!texts.TryGetValue(key, out var text)) return 0;
                        offsets[key] = lines = new LineOffsets(text);
                    }
                    return lines.OffsetOf(position.Line, position.Column);
                }
                return new ParseResult(result.Model, diagnostics, spec.Generate);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug of AbiKit's must not take the compiler down with it (CS8785): say so on the spec instead.
                var info = new DiagnosticInfo("ABI000", true, "AbiKit failed on this spec; please report it: " + ex.GetType().Name + ": " + ex.Message, spec.Path, 1, 1, 0);
                return new ParseResult(null, new[] { info }.ToEquatableArray(), spec.Generate);
            }
        }

        private static void EmitSources(SourceProductionContext context, AbiFamily? model, GeneratorOptions options)
        {
            if (model is null) return;
            // The bindings name AbiKit.Runtime's semantic attributes only when the client (which needs the runtime)
            // is generated too: with AbiKitGenerateClient=false they must compile without AbiKit.Runtime.
            var emitOptions = new CSharpEmitOptions(options.Visibility, RuntimeAttributes: options.GenerateClient);
            var emitters = options.GenerateClient
                ? Emitters.Emitters.CSharp(TemplateSet.Embedded, emitOptions)
                : new IEmitter[] { new Emitters.CSharp.CSharpEmitter(TemplateSet.Embedded, emitOptions) };
            foreach (var emitter in emitters)
            {
                foreach (var file in emitter.Emit(model))
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    context.AddSource(file.RelativePath, SourceText.From(file.Content, Encoding.UTF8));
                }
            }
        }

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var d in diagnostics)
            {
                var position = new LinePosition(d.Line - 1, Math.Max(0, d.Column - 1));
                var location = Location.Create(d.Path, new TextSpan(d.Offset, 0), new LinePositionSpan(position, position));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(d.Id, d.IsError), location, d.Message));
            }
        }
    }
}
