using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Compat
{
    /// <summary>
    /// Every change id, in one place. Ids are stable: never renumber or reuse one.
    /// ABC0xx: breaking; ABC1xx: compatible; ABC2xx: information. docs/compat.md lists each with a before and an after.
    /// </summary>
    public static class ChangeCatalog
    {
#pragma warning disable CS1591 // The titles below document each id.
        public static readonly ChangeDescriptor FamilyRenumbered = new("ABC001", "Family id or ioctl numbering (type, style, command base) changed", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor StructRemoved = new("ABC010", "Struct removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor StructShrunk = new("ABC011", "Struct shrunk", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor StructLayoutChanged = new("ABC012", "Struct size or alignment changed other than by appending", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldsReordered = new("ABC013", "Fields reordered", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldRemoved = new("ABC014", "Field removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldMoved = new("ABC015", "Field moved (offset changed)", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldRetyped = new("ABC016", "Field retyped", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldResized = new("ABC017", "Field resized (size or element count changed)", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldInserted = new("ABC018", "Field inserted before the end", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldAppendedWithoutSince = new("ABC019", "Field appended without a newer 'since'", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ReservedDropped = new("ABC020", "Field no longer reserved", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor BecameReserved = new("ABC021", "Field became reserved", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldDirectionChanged = new("ABC022", "Field direction changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor LengthFieldChanged = new("ABC023", "User pointer's length field changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FieldRenamed = new("ABC024", "Field renamed (same place and type: binaries work, sources do not compile)", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor StructRenamed = new("ABC025", "Struct renamed (same members and layout: binaries work, sources do not compile)", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor IoctlRemoved = new("ABC030", "Ioctl removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor IoctlRenumbered = new("ABC031", "Ioctl renumbered", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor IoctlDirectionChanged = new("ABC032", "Ioctl direction changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor IoctlArgumentChanged = new("ABC033", "Ioctl argument type changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor RequestCodeChanged = new("ABC034", "Request code changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor PermissionsTightened = new("ABC035", "Permissions tightened", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor SemanticEffectRemoved = new("ABC036", "Semantic effect removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor SemanticEffectAdded = new("ABC037", "Semantic effect added", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor IoctlRenamed = new("ABC038", "Ioctl renamed (same request code, new macro)", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor ValueSetRemoved = new("ABC040", "Enum or flag set removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ValueSetRetyped = new("ABC041", "Enum or flag set base type changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ValueRemoved = new("ABC042", "Enum value or flag removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ValueChanged = new("ABC043", "Enum value or flag bit changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ValueRenamed = new("ABC044", "Enum value or flag renamed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ValueReused = new("ABC045", "Enum value or flag bit reused for another name", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor MaskNarrowed = new("ABC046", "Flag mask narrowed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FlagAccessChanged = new("ABC047", "Flag's CPU-access meaning changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor FlagOverlaps = new("ABC048", "Flag added that partly overlaps existing flags", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor HandleRemoved = new("ABC050", "Handle kind removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor HandleChanged = new("ABC051", "Handle kind's base, scope or releasing ioctl changed", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor ConstantRemoved = new("ABC060", "Constant removed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor ConstantChanged = new("ABC061", "Constant's value changed", CompatSeverity.Breaking);
        public static readonly ChangeDescriptor IncludedConstantChanged = new("ABC062", "Expected value of another header's constant changed", CompatSeverity.Breaking);

        public static readonly ChangeDescriptor StructAdded = new("ABC100", "Struct added", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor FieldAppended = new("ABC101", "Field appended with a newer 'since'", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor IoctlAdded = new("ABC102", "Ioctl added", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor ValueSetAdded = new("ABC103", "Enum or flag set added", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor ValueAdded = new("ABC104", "Enum value or flag added (flag mask widened)", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor PermissionsLoosened = new("ABC105", "Permissions loosened", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor HandleAdded = new("ABC106", "Handle kind added", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor RequestCodeGrew = new("ABC107", "Request code's size grew by appended fields (drm_ioctl zero-extends)", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor IoctlDeprecated = new("ABC108", "Ioctl deprecated", CompatSeverity.Compatible);
        public static readonly ChangeDescriptor ConstantAdded = new("ABC109", "Constant added", CompatSeverity.Compatible);

        public static readonly ChangeDescriptor DocChanged = new("ABC200", "Documentation changed", CompatSeverity.Info);
        public static readonly ChangeDescriptor VersionChanged = new("ABC201", "Family version changed", CompatSeverity.Info);
        public static readonly ChangeDescriptor CsNameChanged = new("ABC202", "C# name changed (C# sources must follow)", CompatSeverity.Info);
        public static readonly ChangeDescriptor LinuxDifferencesChanged = new("ABC203", "Recorded differences from Linux changed", CompatSeverity.Info);
        public static readonly ChangeDescriptor IncludesChanged = new("ABC204", "Constants taken from other headers, or the headers included, changed", CompatSeverity.Info);
#pragma warning restore CS1591

        /// <summary>Every descriptor, by id.</summary>
        public static IReadOnlyList<ChangeDescriptor> All { get; } = typeof(ChangeCatalog)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ChangeDescriptor))
            .Select(f => (ChangeDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToList();
    }
}
