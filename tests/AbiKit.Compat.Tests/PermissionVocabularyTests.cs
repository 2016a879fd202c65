using AbiKit.Model;

namespace AbiKit.Compat.Tests;

/// <summary>Which way a permission change breaks callers is the vocabulary's (<see cref="PermissionTerm.Restricts"/>), not the
/// comparer's: each row of the table drives the comparer.</summary>
public class PermissionVocabularyTests
{
    public static TheoryData<string> Permissions() => new(Vocabulary.Permissions.Select(p => p.Spec));

    [Theory]
    [MemberData(nameof(Permissions))]
    public void Adding_a_permission_tightens_and_removing_it_loosens_exactly_when_the_table_marks_it_restricting(string spelling)
    {
        var term = Vocabulary.Permissions.Find(spelling)!;
        var without = WithPermissions(IoctlPermissions.None);
        var with = WithPermissions(term.Value);
        string tightens = ChangeCatalog.PermissionsTightened.Id, loosens = ChangeCatalog.PermissionsLoosened.Id;

        Assert.Equal([term.Restricts ? tightens : loosens], Ids(AbiComparer.Compare(without, with)));
        Assert.Equal([term.Restricts ? loosens : tightens], Ids(AbiComparer.Compare(with, without)));
    }

    [Fact]
    public void The_restricting_permissions_are_the_ones_the_comparer_hard_coded_before_the_table_said_so()
    {
        // A pin: DRM_AUTH, DRM_MASTER and DRM_ROOT_ONLY narrow who may call; DRM_RENDER_ALLOW widens it.
        Assert.Equal(IoctlPermissions.Auth | IoctlPermissions.Master | IoctlPermissions.RootOnly, Vocabulary.RestrictingPermissions);
        Assert.Equal(IoctlPermissions.RenderAllow, Vocabulary.GrantingPermissions);
    }

    private static readonly AbiFamily Base = ScenarioSpecs.Load(ScenarioSpecs.Base);

    // The base family with NAME's permissions replaced: the only difference a comparison can find.
    private static AbiFamily WithPermissions(IoctlPermissions permissions)
        => Base with { Ioctls = Base.Ioctls.Select(i => i.Name == "NAME" ? i with { Permissions = permissions } : i).ToEquatableArray() };

    private static List<string> Ids(CompatReport report) => report.Changes.Select(c => c.Id).ToList();
}
