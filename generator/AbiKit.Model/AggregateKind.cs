namespace AbiKit.Model
{
    /// <summary>What kind of aggregate a declared type is. Both are <see cref="TypeKind.Struct"/> references;
    /// only layout and spelling differ.</summary>
    public enum AggregateKind
    {
        /// <summary>A C struct: members one after another, each at its alignment.</summary>
        Struct,
        /// <summary>A C union: every member at offset 0, the size of the largest rounded to the largest alignment.</summary>
        Union,
    }

    /// <summary>Facts about aggregate kinds.</summary>
    public static class AggregateKinds
    {
        /// <summary>The C keyword: <c>struct</c> or <c>union</c>.</summary>
        public static string CKeyword(this AggregateKind kind) => kind == AggregateKind.Union ? "union" : "struct";
    }
}
