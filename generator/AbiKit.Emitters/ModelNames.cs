using AbiKit.Model;

namespace AbiKit.Emitters
{
    /// <summary>The names the front end put in the model (<see cref="AbiFamily.Names"/>), for the emitters to spell.</summary>
    internal static class ModelNames
    {
        /// <summary>The family's back-end names; a model built by the front end always has them.</summary>
        public static FamilyNames Of(AbiFamily f)
            => f.Names ?? throw new System.InvalidOperationException($"the model of {f.Family} carries no back-end names: build it with the front end (SpecLoader)");
    }
}
