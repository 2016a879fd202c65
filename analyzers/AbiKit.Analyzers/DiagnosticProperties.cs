namespace AbiKit.Analyzers
{
    /// <summary>
    /// Keys and values of the diagnostic properties the typestate rules attach for their code fixes: a fix is only
    /// offered where the analyzer saw it is safe (e.g. a local assigned once and never handed on can become
    /// <c>using var</c>).
    /// </summary>
    public static class DiagnosticProperties
    {
        /// <summary>Key: which fix applies (one of the Fix* values).</summary>
        public const string Fix = "AbiKit.Fix";

        /// <summary>Key: the name of the method the fix calls (the pin or begin-CPU-access method).</summary>
        public const string Method = "AbiKit.Method";

        /// <summary>Key: "1" when the begin method takes the vocabulary's CpuAccess direction.</summary>
        public const string TakesDirection = "AbiKit.TakesDirection";

        /// <summary>Fix: make the local's declaration a <c>using var</c> declaration.</summary>
        public const string FixUsingVar = "UsingVar";

        /// <summary>Fix: turn the expression statement into a <c>using var</c> declaration of its value.</summary>
        public const string FixUsingDeclaration = "UsingDeclaration";

        /// <summary>Fix: insert <c>using var pin = x.Method();</c> before the statement.</summary>
        public const string FixPin = "Pin";

        /// <summary>Fix: insert <c>using var cpu = x.Method(...);</c> before the statement.</summary>
        public const string FixBegin = "Begin";
    }
}
