using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>A rule checked on each field of each laid-out struct or union.</summary>
    internal interface IFieldRule
    {
        void Check(LintContext context, AbiStruct owner, AbiField field, FieldSource at, StructSource ownerAt);
    }

    /// <summary>A rule checked on each laid-out struct or union, after its fields'.</summary>
    internal interface IStructRule
    {
        void Check(LintContext context, AbiStruct s, StructSource at);
    }

    /// <summary>A rule checked on each resolved ioctl; <c>arg</c> is its argument struct, when it has one.</summary>
    internal interface IIoctlRule
    {
        void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at);
    }

    /// <summary>A rule checked on each handle kind.</summary>
    internal interface IHandleRule
    {
        void Check(LintContext context, AbiHandle handle, HandleSource at);
    }

    /// <summary>A rule checked on each named value (constant, enum value, flag, flag-field value: each a C macro), by its name.</summary>
    internal interface IValueRule
    {
        void Check(LintContext context, string name, ValueSource at);
    }
}
