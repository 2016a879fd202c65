namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// The abstract value of one tracked entity (a local, a parameter or a flow capture) at one program point,
    /// packed into a <see cref="ulong"/>. Every fact is a "may" bit: the join of two states is their bitwise OR,
    /// so a state with two lifetime bits means "either, depending on the path".
    /// </summary>
    /// <remarks>
    /// Bits 0–11 are the facts below; bits 16–39 say which creation sites (an entity's creation calls, numbered
    /// in operation order) may have produced the object it holds while still owned; bits 40–63 say which begin
    /// calls may have opened its CPU-access window still open. An entity with more than 24 sites folds the rest
    /// into the last bit.
    /// </remarks>
    internal static class Typestate
    {
        /// <summary>Holds nothing live: not assigned yet, null, a failed creation, or overwritten.</summary>
        public const ulong None = 1;
        /// <summary>Holds an object this method created and still owns (must close it or hand it on).</summary>
        public const ulong Owned = 2;
        /// <summary>Holds a live object it does not own (a parameter, a handed-on object, a scope).</summary>
        public const ulong Live = 4;
        /// <summary>Holds an object that was closed.</summary>
        public const ulong Closed = 8;

        /// <summary>No CPU-access window was begun on it (in this method).</summary>
        public const ulong WindowOff = 16;
        /// <summary>A CPU-access window is open.</summary>
        public const ulong WindowOn = 32;
        /// <summary>Window state unknown here (begun or ended elsewhere): never reported.</summary>
        public const ulong WindowUnknown = 64;
        /// <summary>A window was begun and has ended.</summary>
        public const ulong WindowEnded = 128;

        /// <summary>Not pinned.</summary>
        public const ulong PinOff = 256;
        /// <summary>Pinned.</summary>
        public const ulong PinOn = 512;
        /// <summary>Pin state unknown here: never reported.</summary>
        public const ulong PinUnknown = 1024;

        /// <summary>The open window may have been begun for reading only.</summary>
        public const ulong ReadOnly = 2048;

        /// <summary>All lifetime bits.</summary>
        public const ulong LifetimeMask = None | Owned | Live | Closed;
        /// <summary>All window bits.</summary>
        public const ulong WindowMask = WindowOff | WindowOn | WindowUnknown | WindowEnded;
        /// <summary>All pin bits.</summary>
        public const ulong PinMask = PinOff | PinOn | PinUnknown;

        /// <summary>Number of creation-site bits (and of begin-site bits).</summary>
        public const int SiteBits = 24;
        private const int SiteShift = 16;
        private const int BeginShift = 40;

        /// <summary>Mask of the creation-site bits.</summary>
        public const ulong SiteMask = ((1UL << SiteBits) - 1) << SiteShift;
        /// <summary>Mask of the begin-site bits.</summary>
        public const ulong BeginMask = ((1UL << SiteBits) - 1) << BeginShift;

        /// <summary>The bit of creation site <paramref name="index"/> (none for -1, an unknown site).</summary>
        public static ulong Site(int index) => index < 0 ? 0 : 1UL << (SiteShift + (index < SiteBits ? index : SiteBits - 1));

        /// <summary>The bit of begin site <paramref name="index"/>.</summary>
        public static ulong Begin(int index) => index < 0 ? 0 : 1UL << (BeginShift + (index < SiteBits ? index : SiteBits - 1));

        /// <summary>Whether creation site <paramref name="index"/> is set in <paramref name="state"/> (the last bit covers the rest).</summary>
        public static bool HasSite(ulong state, int index) => (state & Site(index)) != 0;

        /// <summary>Whether begin site <paramref name="index"/> is set in <paramref name="state"/>.</summary>
        public static bool HasBegin(ulong state, int index) => (state & Begin(index)) != 0;
    }
}
