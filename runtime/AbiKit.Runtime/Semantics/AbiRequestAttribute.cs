namespace AbiKit.Runtime.Semantics;

/// <summary>
/// Marks a request-code constant with the type of the argument the request carries. The generator puts it on
/// the constants of each <c>&lt;X&gt;Ioctls</c> class that take an argument (a struct, or a scalar such as
/// <see cref="int"/>); hand-written constants may carry it too. The AbiKit analyzers report a request sent with
/// an argument of another type (ABI008).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class AbiRequestAttribute : Attribute
{
    /// <summary>Declares the request's argument type.</summary>
    /// <param name="argument">The type the kernel copies in or out for this request.</param>
    public AbiRequestAttribute(Type argument) => Argument = argument;

    /// <summary>The type the kernel copies in or out for this request.</summary>
    public Type Argument { get; }
}
