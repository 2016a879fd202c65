using System.Reflection;
using AbiKit.Benchmarks;
using AbiKit.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace AbiKit.Benchmarks.Tests;

/// <summary>
/// Benchmarks are not run in CI; these tests run every [Benchmark] body once (with its global and iteration
/// setup and cleanup, for every [Params] combination) and check that it completes with a sane result. They
/// never measure time. Cases are found by reflection, so a new benchmark method or class is run without
/// touching this file, and one this runner cannot drive fails <see cref="EveryBenchmarkCanBeRunByTheseTests"/>.
/// </summary>
public class BenchmarkBodyTests
{
    private const BindingFlags AllInstance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
    private const BindingFlags AllMembers = AllInstance | BindingFlags.Static;

    private static readonly Assembly Benchmarks = typeof(Program).Assembly;

    /// <summary>Classes of the benchmark assembly with at least one [Benchmark] method.</summary>
    public static IReadOnlyList<Type> BenchmarkClasses() => Benchmarks.GetTypes()
        .Where(t => t.GetMethods(AllMembers).Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: true)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    private static IEnumerable<MethodInfo> BenchmarkMethods(Type type) => type.GetMethods(AllMembers)
        .Where(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: true))
        .OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>Every (class, [Benchmark] method, [Params] combination) of the benchmark assembly.</summary>
    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var type in BenchmarkClasses())
        {
            int combinations = ParamsCombinations(type).Count;
            foreach (var method in BenchmarkMethods(type))
                for (int i = 0; i < combinations; i++)
                    data.Add(type.FullName!, method.Name, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BenchmarkBodyRunsOnce(string typeName, string methodName, int paramsIndex)
    {
        var type = Benchmarks.GetType(typeName, throwOnError: true)!;
        var method = type.GetMethod(methodName, AllMembers)!;
        var instance = Activator.CreateInstance(type)!;
        foreach (var (member, value) in ParamsCombinations(type)[paramsIndex]) SetValue(member, instance, value);

        var globalSetups = Hooks<GlobalSetupAttribute>(type, methodName, a => a.Targets);
        var globalCleanups = Hooks<GlobalCleanupAttribute>(type, methodName, a => a.Targets);
        var iterationSetups = Hooks<IterationSetupAttribute>(type, methodName, a => a.Targets);
        var iterationCleanups = Hooks<IterationCleanupAttribute>(type, methodName, a => a.Targets);
        try
        {
            foreach (var setup in globalSetups) await InvokeAsync(setup, instance);
            foreach (var setup in iterationSetups) await InvokeAsync(setup, instance);
            try
            {
                var result = await InvokeAsync(method, instance);
                AssertSane(method, result);
            }
            finally
            {
                foreach (var cleanup in iterationCleanups) await InvokeAsync(cleanup, instance);
            }
        }
        finally
        {
            foreach (var cleanup in globalCleanups) await InvokeAsync(cleanup, instance);
        }
    }

    /// <summary>
    /// Guards the runner above: the assembly has the benchmark classes the docs report, and every [Benchmark]
    /// method is one it can invoke (no arguments, no parameter sources it does not understand). Reflection
    /// finds the cases, so a benchmark this test did not run can only be one it rejects here.
    /// </summary>
    [Fact]
    public void EveryBenchmarkCanBeRunByTheseTests()
    {
        var classes = BenchmarkClasses();
        Assert.Contains(typeof(DispatchBenchmarks), classes);
        Assert.Contains(typeof(CreateCloseBenchmarks), classes);
        Assert.Contains(typeof(CopyBenchmarks), classes);
        Assert.Contains(typeof(UserptrBenchmarks), classes);
        Assert.Contains(typeof(DeviceNodeBenchmarks), classes);
        Assert.Contains(typeof(DispatchLayersBenchmarks), classes);
        Assert.Contains(typeof(AnalyzerCostBenchmarks), classes);

        var cases = Cases().Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        foreach (var type in classes)
        {
            Assert.False(type.IsAbstract || type.IsGenericTypeDefinition, $"{type.Name}: cannot be instantiated");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            foreach (var member in type.GetMembers(AllMembers))
            {
                Assert.False(member.IsDefined(typeof(ParamsSourceAttribute), true), $"{type.Name}.{member.Name}: [ParamsSource] is not supported by this runner");
                Assert.False(member.IsDefined(typeof(ParamsAllValuesAttribute), true), $"{type.Name}.{member.Name}: [ParamsAllValues] is not supported by this runner");
                Assert.False(member.IsDefined(typeof(ArgumentsSourceAttribute), true), $"{type.Name}.{member.Name}: [ArgumentsSource] is not supported by this runner");
                Assert.False(member.IsDefined(typeof(ArgumentsAttribute), true), $"{type.Name}.{member.Name}: [Arguments] is not supported by this runner");
            }
            foreach (var method in BenchmarkMethods(type))
            {
                Assert.True(method.GetParameters().Length == 0, $"{type.Name}.{method.Name}: takes parameters");
                Assert.False(method.IsStatic || method.IsGenericMethodDefinition, $"{type.Name}.{method.Name}: static or generic");
                Assert.Contains((type.FullName!, method.Name), cases);
            }
        }
    }

    /// <summary>The ratio column answers the targets only if each class has exactly one baseline.</summary>
    [Fact]
    public void EachBenchmarkClassHasExactlyOneBaseline()
    {
        foreach (var type in BenchmarkClasses())
        {
            var baselines = BenchmarkMethods(type).Where(m => m.GetCustomAttribute<BenchmarkAttribute>(true)!.Baseline).ToList();
            Assert.True(baselines.Count == 1, $"{type.Name} has {baselines.Count} baselines");
        }
    }

    /// <summary>BenchmarkDotNet's own validators (run before every real run) find no critical error.</summary>
    [Fact]
    public void BenchmarkDotNetValidatorsAcceptEveryClass()
    {
        var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator);
        foreach (var type in BenchmarkClasses())
        {
            var runInfo = BenchmarkConverter.TypeToBenchmarks(type, config);
            Assert.NotEmpty(runInfo.BenchmarksCases);
            var parameters = new ValidationParameters(runInfo.BenchmarksCases, runInfo.Config);
            var errors = runInfo.Config.GetValidators()
                .SelectMany(v => v.Validate(parameters))
                .Where(e => e.IsCritical)
                .Select(e => e.Message)
                .ToList();
            Assert.True(errors.Count == 0, $"{type.Name}: {string.Join("; ", errors)}");
        }
    }

    private static void AssertSane(MethodInfo method, object? result)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask)) return;
        if (result is Errno errno)
        {
            Assert.Equal(Errno.Ok, errno);
            return;
        }
        Assert.NotNull(result);
    }

    private static async Task<object?> InvokeAsync(MethodInfo method, object instance)
    {
        object? result;
        try
        {
            result = method.Invoke(method.IsStatic ? null : instance, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        switch (result)
        {
            case Task task:
                await task;
                var property = task.GetType().GetProperty("Result");
                return property is not null && task.GetType().IsGenericType ? property.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return result;
        }
    }

    /// <summary>Setup/cleanup hooks of <typeparamref name="T"/> that apply to <paramref name="benchmark"/>.</summary>
    private static List<MethodInfo> Hooks<T>(Type type, string benchmark, Func<T, string[]> targets) where T : Attribute
        => type.GetMethods(AllMembers)
            .Where(m => m.GetCustomAttributes<T>(true).Any(a => targets(a) is not { Length: > 0 } t || t.Contains(benchmark)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The cartesian product of the class's [Params] values (one empty combination if it has none).</summary>
    private static List<List<(MemberInfo Member, object? Value)>> ParamsCombinations(Type type)
    {
        var combinations = new List<List<(MemberInfo, object?)>> { new() };
        var members = type.GetMembers(AllInstance)
            .Where(m => m is PropertyInfo or FieldInfo && m.IsDefined(typeof(ParamsAttribute), true))
            .OrderBy(m => m.Name, StringComparer.Ordinal);
        foreach (var member in members)
        {
            var values = member.GetCustomAttribute<ParamsAttribute>(true)!.Values;
            Assert.NotEmpty(values);
            combinations = combinations
                .SelectMany(c => values.Select(v => c.Append((member, Convert(v, MemberType(member)))).ToList()))
                .ToList();
        }
        return combinations;
    }

    private static Type MemberType(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => throw new ArgumentException(member.Name),
    };

    private static object? Convert(object? value, Type type)
        => value is null || type.IsInstanceOfType(value) ? value : System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);

    private static void SetValue(MemberInfo member, object instance, object? value)
    {
        if (member is PropertyInfo property) property.SetValue(instance, value);
        else ((FieldInfo)member).SetValue(instance, value);
    }
}
