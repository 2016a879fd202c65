// netstandard2.0 lacks IsExternalInit, which `record` and `init` need.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
