using System.Runtime.CompilerServices;

// The tests drive the device's internals (its memory, user ranges, invariants) directly.
[assembly: InternalsVisibleTo("AbiKit.Reference.Tests")]
