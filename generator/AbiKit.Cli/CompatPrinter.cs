using System.Text;
using System.Text.Json;
using AbiKit.Compat;

namespace AbiKit.Cli;

/// <summary>Prints a compatibility report as text (one line per change, then a summary) or JSON.</summary>
internal static class CompatPrinter
{
    private static string Name(CompatSeverity severity) => severity switch
    {
        CompatSeverity.Breaking => "breaking",
        CompatSeverity.Compatible => "compatible",
        _ => "info",
    };

    /// <summary><c>path(line,col): declaration: severity ID: message</c>, the old location added when it differs.</summary>
    public static string Text(CompatReport report)
    {
        var text = new StringBuilder();
        foreach (var c in report.Changes)
        {
            var where = c.New ?? c.Old!;
            text.Append($"{where}: {Name(c.Severity)} {c.Id}: {c.Message}");
            if (c.Old is not null && c.New is not null && c.Old.Declaration != c.New.Declaration) text.Append($" (was {c.Old})");
            else if (c.New is null) text.Append(" (removed)");
            text.Append('\n');
        }
        text.Append($"{report.OldPath} -> {report.NewPath}: {report.Changes.Count} change(s): {report.Count(CompatSeverity.Breaking)} breaking, " +
            $"{report.Count(CompatSeverity.Compatible)} compatible, {report.Count(CompatSeverity.Info)} info.\n");
        return text.ToString();
    }

    /// <summary>An object with the two paths, <c>breaking</c>, and every change with its id, title, severity, locations and message.</summary>
    public static string Json(CompatReport report)
    {
        var titles = ChangeCatalog.All.ToDictionary(d => d.Id, d => d.Title);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("old", report.OldPath);
            json.WriteString("new", report.NewPath);
            json.WriteBoolean("breaking", report.IsBreaking);
            json.WriteStartArray("changes");
            foreach (var c in report.Changes)
            {
                json.WriteStartObject();
                json.WriteString("id", c.Id);
                json.WriteString("severity", Name(c.Severity));
                json.WriteString("title", titles[c.Id]);
                json.WriteString("declaration", c.Declaration);
                WriteLocation(json, "oldLocation", c.Old);
                WriteLocation(json, "newLocation", c.New);
                json.WriteString("message", c.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteLocation(Utf8JsonWriter json, string name, ChangeLocation? location)
    {
        if (location is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteString("path", location.Path);
        json.WriteString("declaration", location.Declaration);
        // 0 when the declaration could not be located.
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteEndObject();
    }
}
