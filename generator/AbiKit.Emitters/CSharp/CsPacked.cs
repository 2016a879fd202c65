namespace AbiKit.Emitters.CSharp
{
#pragma warning disable CS1591 // View-model properties are named for what the template prints.
    public sealed partial class CsStruct
    {
        /// <summary>C's <c>__attribute__((packed))</c>: <c>Pack = 1</c> (the offsets are explicit already; the packing keeps a
        /// struct embedding it from aligning it).</summary>
        public bool Packed { get; set; }
    }
#pragma warning restore CS1591
}
