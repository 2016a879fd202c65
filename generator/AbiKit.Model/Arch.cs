using System;
using System.Collections.Generic;

namespace AbiKit.Model
{
    /// <summary>
    /// The Linux ABIs whose layouts and request codes AbiKit computes and compares. The order is stable:
    /// per-ABI arrays in the model (<see cref="AbiStruct.Layouts"/>, <see cref="AbiIoctl.Codes"/>) are indexed by it.
    /// </summary>
    public enum Arch
    {
        /// <summary>x86_64 (LP64): the reference ABI.</summary>
        X86_64,

        /// <summary>i386 (ILP32): 64-bit scalars aligned to 4 inside structs.</summary>
        I386,

        /// <summary>x32 (ILP32 with x86_64 alignment).</summary>
        X32,

        /// <summary>aarch64 (LP64).</summary>
        Aarch64,

        /// <summary>32-bit arm, EABI hard float (ILP32, 64-bit scalars aligned to 8).</summary>
        Arm,

        /// <summary>riscv64 (LP64).</summary>
        Riscv64,

        /// <summary>ppc64le (LP64): powerpc's own <c>_IOC</c> encoding (13 size bits, 3 direction bits).</summary>
        Ppc64le,

        /// <summary>s390x (LP64, big-endian).</summary>
        S390x,

        /// <summary>m68k (ILP32, big-endian): 32- and 64-bit scalars aligned to 2.</summary>
        M68k,
    }

    /// <summary>The facts about each <see cref="Arch"/> that layout and request codes depend on; the one place they are written.</summary>
    public static class Arches
    {
        private static readonly string[] Names = { "x86_64", "i386", "x32", "aarch64", "arm", "riscv64", "ppc64le", "s390x", "m68k" };

        /// <summary>Every ABI, in <see cref="Arch"/> order.</summary>
        public static IReadOnlyList<Arch> All { get; } = (Arch[])Enum.GetValues(typeof(Arch));

        /// <summary>The ABIs .NET runs on (x64, x86, arm64, arm): generated C# must be right on each.</summary>
        public static IReadOnlyList<Arch> DotNet { get; } = new[] { Arch.X86_64, Arch.I386, Arch.Aarch64, Arch.Arm };

        /// <summary>The name used on the command line and in reports: <c>x86_64</c>, <c>i386</c>, <c>x32</c>, <c>aarch64</c>,
        /// <c>arm</c>, <c>riscv64</c>, <c>ppc64le</c>, <c>s390x</c>, <c>m68k</c>.</summary>
        public static string Name(this Arch arch) => Names[(int)arch];

        /// <summary>Parses a name from <see cref="Name"/> (case-insensitive) or a common alias
        /// (<c>amd64</c>, <c>x64</c>, <c>i686</c>, <c>x86</c>, <c>arm64</c>, <c>armhf</c>, <c>ppc64el</c>).</summary>
        public static bool TryParse(string? name, out Arch arch)
        {
            string n = (name ?? "").Trim().ToLowerInvariant();
            n = n switch
            {
                "amd64" or "x64" => "x86_64",
                "i686" or "x86" => "i386",
                "arm64" => "aarch64",
                "armhf" or "armv7" => "arm",
                "ppc64el" => "ppc64le",
                _ => n,
            };
            int index = Array.IndexOf(Names, n);
            arch = index < 0 ? Arch.X86_64 : (Arch)index;
            return index >= 0;
        }

        /// <summary>Size of pointers, <c>long</c> and <c>size_t</c>: 4 on the ILP32 ABIs, 8 on the LP64 ones.</summary>
        public static int PointerSize(this Arch arch) => arch switch
        {
            Arch.I386 or Arch.X32 or Arch.Arm or Arch.M68k => 4,
            _ => 8,
        };

        /// <summary>The most a scalar is aligned inside a struct: 8, but 4 on i386 (SysV i386 psABI)
        /// and 2 on m68k (its SysV ABI aligns int, long and long long to 2).</summary>
        public static int MaxScalarAlign(this Arch arch) => arch switch
        {
            Arch.I386 => 4,
            Arch.M68k => 2,
            _ => 8,
        };

        /// <summary>How the ABI's asm/ioctl.h packs request codes.</summary>
        public static IoctlEncoding IoctlEncoding(this Arch arch) => arch == Arch.Ppc64le ? Model.IoctlEncoding.Powerpc : Model.IoctlEncoding.Generic;

        /// <summary>True for big-endian ABIs (s390x, m68k).</summary>
        public static bool IsBigEndian(this Arch arch) => arch is Arch.S390x or Arch.M68k;

        /// <summary>Names ABIs for a message: "every ABI", "every ABI but i386 and m68k", or a list.</summary>
        public static string Describe(IReadOnlyCollection<Arch> arches)
        {
            if (arches.Count == All.Count) return "every ABI";
            var names = new List<string>();
            foreach (var a in All)
            {
                if (Contains(arches, a)) names.Add(a.Name());
            }
            if (arches.Count > All.Count / 2)
            {
                var others = new List<string>();
                foreach (var a in All)
                {
                    if (!Contains(arches, a)) others.Add(a.Name());
                }
                return "every ABI but " + JoinAnd(others);
            }
            return JoinAnd(names);
        }

        private static bool Contains(IReadOnlyCollection<Arch> arches, Arch arch)
        {
            foreach (var a in arches)
            {
                if (a == arch) return true;
            }
            return false;
        }

        private static string JoinAnd(List<string> names) => names.Count switch
        {
            0 => "no ABI",
            1 => names[0],
            _ => string.Join(", ", names.GetRange(0, names.Count - 1)) + " and " + names[names.Count - 1],
        };
    }
}
