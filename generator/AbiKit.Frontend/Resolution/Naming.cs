using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>Derives C# names from the spec's C names, the same way for every back end.</summary>
    public static class Naming
    {
        /// <summary><c>gem_create</c>, <c>GEM_CREATE</c> → <c>GemCreate</c>.</summary>
        public static string Pascal(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (var part in name.Split(new[] { '_', '-' }, StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append(char.ToUpperInvariant(part[0]));
                sb.Append(part.Substring(1).ToLowerInvariant());
            }
            string result = sb.Length == 0 ? "_" : sb.ToString();
            return char.IsDigit(result[0]) ? "_" + result : result;
        }

        /// <summary>Removes <paramref name="prefix"/> when the name starts with it and something remains.</summary>
        public static string Strip(string name, string? prefix)
            => !string.IsNullOrEmpty(prefix) && name.Length > prefix!.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                ? name.Substring(prefix.Length)
                : name;

        /// <summary>
        /// C# member names for a group of C macro names: the longest common <c>_</c>-delimited prefix is
        /// removed (I915_CACHING_NONE, I915_CACHING_CACHED → None, Cached).
        /// </summary>
        /// <param name="cNames">The members' C names.</param>
        /// <param name="owner">The enum's or flag set's name: a lone member loses the prefix it shares with it
        /// (ABIKIT_WAIT_ABSOLUTE of abikit_wait_flags → Absolute).</param>
        public static IReadOnlyList<string> Members(IReadOnlyList<string> cNames, string owner = "")
        {
            if (cNames.Count == 1)
            {
                var own = cNames[0].Split('_');
                var set = Macro(owner).Split('_');
                int shared = 0;
                while (shared < own.Length - 1 && shared < set.Length && own[shared] == set[shared]) shared++;
                return new[] { Pascal(string.Join("_", own.Skip(shared))) };
            }
            if (cNames.Count < 2) return cNames.Select(n => Pascal(n)).ToList();
            var parts = cNames.Select(n => n.Split('_')).ToList();
            int common = 0;
            while (parts.All(p => p.Length > common + 1) && parts.All(p => p[common] == parts[0][common])) common++;
            return parts.Select(p => Pascal(string.Join("_", p.Skip(common)))).ToList();
        }

        /// <summary>Upper-case C macro form of a family or file name (<c>dma-buf</c> → <c>DMA_BUF</c>).</summary>
        public static string Macro(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name) sb.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
            return sb.ToString();
        }
    }
}
