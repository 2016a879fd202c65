using System.Runtime.CompilerServices;

// The runtime tests drive internal pieces (the ioctl retry loop) with fakes.
[assembly: InternalsVisibleTo("AbiKit.Runtime.Tests")]
