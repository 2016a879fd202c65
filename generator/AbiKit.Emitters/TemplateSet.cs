using System;
using System.Collections.Generic;
using System.IO;
using HandlebarsDotNet;

namespace AbiKit.Emitters
{
    /// <summary>
    /// The Handlebars templates the emitters render. Embedded in this assembly; a directory can override any
    /// of them by file name (e.g. <c>c-header.hbs</c>), so users can restyle output without forking AbiKit.
    /// </summary>
    public sealed class TemplateSet
    {
        /// <summary>Names of the templates an override directory may contain.</summary>
        public static readonly IReadOnlyList<string> Names = new[] { "c-header.hbs", "csharp.hbs", "csharp-client.hbs", "csharp-dispatch.hbs", "kernel-validate-h.hbs", "kernel-validate-c.hbs", "kernel-drv-h.hbs", "kernel-drv-c.hbs" };

        private readonly Dictionary<string, HandlebarsTemplate<object, object>> _compiled = new(StringComparer.Ordinal);
        private readonly Func<string, string> _source;
        private readonly IHandlebars _handlebars;

        private TemplateSet(Func<string, string> source)
        {
            _source = source;
            // Output is C and C#, not HTML: never escape.
            _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
        }

        /// <summary>The templates shipped with AbiKit.</summary>
        public static TemplateSet Embedded { get; } = new(ReadEmbedded);

        /// <summary>Templates from <paramref name="directory"/>, falling back to the embedded ones for files it lacks.</summary>
        public static TemplateSet FromDirectory(string directory)
            => new(name =>
            {
                string path = Path.Combine(directory, name);
                return File.Exists(path) ? File.ReadAllText(path) : ReadEmbedded(name);
            });

        /// <summary>The embedded text of template <paramref name="name"/>.</summary>
        public static string ReadEmbedded(string name)
        {
            using var stream = typeof(TemplateSet).Assembly.GetManifestResourceStream("AbiKit.Templates." + name)
                ?? throw new ArgumentException($"no embedded template '{name}'", nameof(name));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Renders template <paramref name="name"/> with <paramref name="model"/>; line endings are normalised to \n.</summary>
        /// <exception cref="TemplateException">The template is malformed.</exception>
        public string Render(string name, object model)
        {
            HandlebarsTemplate<object, object> template;
            lock (_compiled)
            {
                if (!_compiled.TryGetValue(name, out template!))
                {
                    try
                    {
                        template = _handlebars.Compile(_source(name));
                    }
                    catch (HandlebarsException ex)
                    {
                        throw new TemplateException($"template {name}: {ex.Message}", ex);
                    }
                    _compiled[name] = template;
                }
            }
            try
            {
                return template(model).Replace("\r\n", "\n");
            }
            catch (HandlebarsException ex)
            {
                throw new TemplateException($"template {name}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>A template could not be compiled or rendered.</summary>
    public sealed class TemplateException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public TemplateException(string message, Exception inner) : base(message, inner) { }
    }
}
