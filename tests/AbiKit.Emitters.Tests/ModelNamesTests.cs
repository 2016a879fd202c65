using AbiKit.Emitters.CSharp;
using AbiKit.Emitters.Kernel;
using AbiKit.Model;

namespace AbiKit.Emitters.Tests;

/// <summary>Names and argument checks are the model's (derived once by the front end): back ends spell what it carries
/// and derive none of their own, so a name changed in the model is the name every back end writes.</summary>
public class ModelNamesTests
{
    [Fact]
    public void The_front_end_puts_every_back_end_name_in_the_model()
    {
        var f = Shipped.Family("abikit-alloc");
        Assert.NotNull(f.Names);
        Assert.Equal("AllocClient", f.Names!.CSharp.Client);
        Assert.Equal("abikit_alloc_validate.h", f.Names.Kernel.ValidateHeader);
        Assert.Equal("ABIKIT_ALLOC_VALIDATE_H", f.Names.Kernel.ValidateGuard);
        Assert.All(f.Ioctls, io => Assert.Equal(ArgumentCheckList.IsDispatched(io), io.Dispatch is not null));
        Assert.All(f.Ioctls.Where(io => io.Dispatch is not null), io => Assert.Equal(ArgumentCheckList.Derive(f, io), io.Dispatch!.Checks));
        Assert.All(f.FlagSets, s => Assert.NotEqual("", s.CsMaskName));
    }

    [Fact]
    public void Csharp_back_ends_spell_the_model_names()
    {
        var f = Shipped.Family("abikit-alloc");
        var set = f.FlagSets[0];
        var renamed = f with
        {
            Names = f.Names! with { CSharp = f.Names.CSharp with { Client = "RenamedClient", DispatchFile = "Renamed.Dispatch.g.cs" } },
            FlagSets = f.FlagSets.Select(s => s == set ? s with { CsMaskName = "RenamedMask" } : s).ToEquatableArray(),
        };
        var files = Shipped.AllCSharp(renamed);
        Assert.Contains("RenamedMask", files.Single(x => x.RelativePath == CSharpEmitter.FileName(renamed)).Content);
        Assert.Contains("struct RenamedClient", string.Concat(files.Select(x => x.Content)));
        Assert.Contains(files, x => x.RelativePath == "Renamed.Dispatch.g.cs");
    }

    [Fact]
    public void Both_dispatchers_render_the_checks_the_model_carries()
    {
        var f = Shipped.Family("abikit-alloc");
        var io = f.Ioctls.First(x => x.Dispatch is { Checks.Count: > 0 } && ArgumentChecks.Argument(f, x) is { Inline: false });
        var check = io.Dispatch!.Checks[0];
        string validator = io.Dispatch.KernelValidator;
        var stripped = f with
        {
            Ioctls = f.Ioctls.Select(x => x == io ? x with { Dispatch = x.Dispatch! with { Checks = x.Dispatch.Checks.Skip(1).ToEquatableArray(), KernelValidator = "renamed_validator" } } : x).ToEquatableArray(),
        };
        string kernel = string.Concat(new KernelEmitter(TemplateSet.Embedded).Emit(stripped).Select(x => x.Content));
        Assert.Contains("renamed_validator", kernel);
        Assert.DoesNotContain(validator + "(", kernel);
        var before = KernelEmitter.BuildView(f).Validators.Single(v => v.Name == validator).Body;
        var after = KernelEmitter.BuildView(stripped).Validators.Single(v => v.Name == "renamed_validator").Body;
        Assert.True(after.Count < before.Count, $"the kernel validator still renders {check.Kind} of {check.Field.Name}");
        var thunk = CSharpRuntimeEmitter.BuildView(stripped).Dispatched.Single(m => m.Name == io.CsName);
        Assert.Equal(io.Dispatch.Checks.Count - 1, thunk.Checks.Count);
    }
}
