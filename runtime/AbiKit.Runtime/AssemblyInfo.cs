using System.Runtime.CompilerServices;

// The runtime tests drive internal pieces (the ioctl retry loop) with fakes.
[assembly: InternalsVisibleTo("AbiKit.Runtime.Tests")]

// One place for P/Invoke declarations (Native/LibC): the reference device binds libc through it.
[assembly: InternalsVisibleTo("AbiKit.Reference")]
[assembly: InternalsVisibleTo("AbiKit.Reference.Tests")]
[assembly: InternalsVisibleTo("AbiKit.DeviceNode")]
[assembly: InternalsVisibleTo("AbiKit.DeviceNode.Tests")]
[assembly: InternalsVisibleTo("AbiKit.Benchmarks")]
