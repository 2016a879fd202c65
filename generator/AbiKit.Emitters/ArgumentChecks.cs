using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Emitters
{
    /// <summary>
    /// The checks an ioctl's argument passes before its handler runs, as the model carries them
    /// (<see cref="IoctlDispatch.Checks"/>, derived once by the front end): the C# dispatch thunks and the kernel-side
    /// validation functions both render this list, so the two cannot disagree on what is checked
    /// (tests/AbiKit.KernelSide.Tests runs both on the same random arguments).
    /// </summary>
    public static class ArgumentChecks
    {
        /// <summary>The errno of a failed check (<see cref="ArgumentCheckList.RejectErrno"/>).</summary>
        public const string RejectErrno = ArgumentCheckList.RejectErrno;

        /// <summary>True when the ioctl has an entry of its own in a dispatch table (<see cref="ArgumentCheckList.IsDispatched"/>).</summary>
        public static bool IsDispatched(AbiIoctl io) => ArgumentCheckList.IsDispatched(io);

        /// <summary>The ioctl's argument struct when it is declared by <paramref name="family"/>; null for none.</summary>
        public static AbiStruct? Argument(AbiFamily family, AbiIoctl io) => ArgumentCheckList.Argument(family, io);

        /// <summary>The checks the model carries for <paramref name="io"/>, in the order of the struct's fields (none for an
        /// ioctl without a dispatch entry of its own).</summary>
        public static IReadOnlyList<ArgumentCheck> For(AbiFamily family, AbiIoctl io)
            => io.Dispatch is { } dispatch ? dispatch.Checks : (IReadOnlyList<ArgumentCheck>)System.Array.Empty<ArgumentCheck>();

        internal static AbiStruct? FindStruct(AbiFamily f, TypeRef t) => ArgumentCheckList.FindStruct(f, t);

        internal static AbiFlagSet? FindFlags(AbiFamily f, TypeRef t) => ArgumentCheckList.FindFlags(f, t);

        internal static AbiEnum? FindEnum(AbiFamily f, TypeRef t) => ArgumentCheckList.FindEnum(f, t);
    }
}
