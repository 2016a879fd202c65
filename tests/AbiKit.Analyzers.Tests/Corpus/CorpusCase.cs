namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>
/// One labelled case of the corpus: the members of a class of consumer code (one method under test, and any helper
/// it calls), marked up with <c>{|ABI00n:...|}</c> where that rule must report and nowhere else.
/// </summary>
/// <param name="Family">The pattern family the case exercises (aliases, helpers, derived memory, ...).</param>
/// <param name="Name">A short name, unique in the corpus.</param>
/// <param name="Members">The class members, with markup.</param>
public sealed record CorpusCase(string Family, string Name, string Members)
{
    /// <inheritdoc />
    public override string ToString() => Family + "/" + Name;
}
