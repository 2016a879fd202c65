using System.Collections;
using System.Reflection;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Frontend.Tests;

/// <summary>The source generator caches on model equality, so it must be by value and position-free.</summary>
public class ModelEqualityTests
{
    [Fact]
    public void Loading_twice_gives_equal_models_and_hashes()
    {
        var a = new SpecLoader().Load(Repo.Spec("i915")).Model!;
        var b = new SpecLoader().Load(Repo.Spec("i915")).Model!;
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Whitespace_only_edits_give_an_equal_model()
    {
        string text = File.ReadAllText(Repo.Spec("dma-buf"));
        string reformatted = Minify(text);
        Assert.NotEqual(text, reformatted);
        var a = new SpecLoader().LoadText(Repo.Spec("dma-buf"), text).Model!;
        var b = new SpecLoader().LoadText(Repo.Spec("dma-buf"), reformatted).Model!;
        Assert.Equal(a, b);
    }

    private static string Minify(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream, new() { Indented = false })) doc.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void A_real_change_gives_a_different_model()
    {
        string text = File.ReadAllText(Repo.Spec("dma-buf"));
        var a = new SpecLoader().LoadText("dma-buf.abi.json", text).Model!;
        var b = new SpecLoader().LoadText("dma-buf.abi.json", text.Replace("\"DMA_BUF_SYNC_END\"", "\"DMA_BUF_SYNC_FINISH\"")).Model;
        Assert.NotNull(b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void The_model_holds_only_immutable_values()
    {
        var model = new SpecLoader().Load(Repo.Spec("i915")).Model!;
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(model, "model", seen);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        var type = value.GetType();
        Assert.True(type.Namespace == "AbiKit.Model" || type.Namespace!.StartsWith("System.Collections.Immutable", StringComparison.Ordinal),
            $"{path} is a {type.FullName}: the model may hold only AbiKit.Model types, strings and primitives");
        if (value is IEnumerable items && type.Namespace != "AbiKit.Model")
        {
            int i = 0;
            foreach (var item in items) Walk(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!type.IsValueType) Assert.True(field.IsInitOnly, $"{path}.{field.Name} is mutable");
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
