using AbiKit.Model;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>
    /// The spellings the reader accepts for each closed key, read from the model's <see cref="Vocabulary"/> once
    /// (the arrays are what <see cref="ObjectReader.OneOf"/> lists in its "must be one of" message).
    /// </summary>
    internal static class SpecSpellings
    {
        /// <summary>Enum base types: the fixed-width scalars.</summary>
        public static readonly string[] EnumTypes = Vocabulary.Scalars.Spellings(t => t.FixedWidth);

        /// <summary>Flag-set base types: the unsigned fixed-width scalars.</summary>
        public static readonly string[] FlagSetTypes = Vocabulary.Scalars.Spellings(t => t.FixedWidth && !t.Signed);

        /// <summary>Handle base types.</summary>
        public static readonly string[] HandleTypes = Vocabulary.Scalars.Spellings(t => t.CarriesHandles);

        /// <summary>Handle scopes.</summary>
        public static readonly string[] HandleScopes = Vocabulary.HandleScopes.Spellings();

        /// <summary>CPU-access tags of a flag.</summary>
        public static readonly string[] CpuAccesses = Vocabulary.CpuAccesses.Spellings();

        /// <summary>Field directions.</summary>
        public static readonly string[] FieldDirections = Vocabulary.FieldDirections.Spellings();

        /// <summary>Ioctl directions.</summary>
        public static readonly string[] IoctlDirections = Vocabulary.IoctlDirections.Spellings();

        /// <summary>DRM permissions.</summary>
        public static readonly string[] Permissions = Vocabulary.Permissions.Spellings();

        /// <summary>Semantic effects.</summary>
        public static readonly string[] Effects = Vocabulary.Effects.Spellings();

        /// <summary>"a", "b", "c": a list of spellings as messages quote them.</summary>
        public static string Quoted(string[] spellings) => "\"" + string.Join("\", \"", spellings) + "\"";
    }
}
