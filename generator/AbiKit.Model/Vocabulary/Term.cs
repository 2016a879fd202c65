using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Model
{
    /// <summary>
    /// One word of the spec vocabulary (<see cref="Vocabulary"/>): the model's value, the spelling a spec writes and
    /// what it means. Each kind of word derives from this with the facts its consumers need (a scalar's sizes, an
    /// effect's required keys, a permission's DRM flag).
    /// </summary>
    /// <typeparam name="T">The model enum the word stands for.</typeparam>
    public abstract class Term<T>
        where T : struct
    {
        /// <summary>Creates a word.</summary>
        /// <param name="value">The model's value.</param>
        /// <param name="spec">The spelling a spec writes (the one the schema and "expected one of" messages offer).</param>
        /// <param name="doc">What it means, for documentation and the schema.</param>
        protected Term(T value, string spec, string doc)
        {
            Value = value;
            Spec = spec;
            Doc = doc;
        }

        /// <summary>The model's value.</summary>
        public T Value { get; }

        /// <summary>The spelling a spec writes.</summary>
        public string Spec { get; }

        /// <summary>What the word means.</summary>
        public string Doc { get; }

        /// <summary>Other spellings a reader accepts for the same word (never offered in messages or the schema).</summary>
        public virtual IEnumerable<string> Aliases => Array.Empty<string>();

        /// <inheritdoc />
        public override string ToString() => Spec;
    }

    /// <summary>
    /// The words of one kind, in their canonical order, looked up by model value or by spelling. Built once, when
    /// <see cref="Vocabulary"/> is first used; a duplicate value or spelling is a bug in the table and throws there.
    /// </summary>
    /// <typeparam name="TTerm">The kind of word.</typeparam>
    /// <typeparam name="T">The model enum.</typeparam>
    public sealed class TermTable<TTerm, T> : IReadOnlyList<TTerm>
        where TTerm : Term<T>
        where T : struct
    {
        private readonly TTerm[] _terms;
        private readonly Dictionary<T, TTerm> _byValue = new();
        private readonly Dictionary<string, TTerm> _bySpelling = new(StringComparer.Ordinal);

        /// <summary>Builds a table.</summary>
        /// <param name="what">What a word of this kind is called in messages (<c>effect</c>, <c>permission</c>).</param>
        /// <param name="terms">The words, in canonical order.</param>
        public TermTable(string what, params TTerm[] terms)
        {
            What = what;
            _terms = terms;
            foreach (var term in terms)
            {
                if (_byValue.ContainsKey(term.Value)) throw new InvalidOperationException($"{what} {term.Value} is in the vocabulary twice");
                _byValue[term.Value] = term;
                foreach (var spelling in new[] { term.Spec }.Concat(term.Aliases))
                {
                    if (_bySpelling.TryGetValue(spelling, out var other) && !ReferenceEquals(other, term))
                        throw new InvalidOperationException($"{what} spelling '{spelling}' means both {other.Value} and {term.Value}");
                    _bySpelling[spelling] = term;
                }
            }
        }

        /// <summary>What a word of this kind is called in messages.</summary>
        public string What { get; }

        /// <inheritdoc />
        public int Count => _terms.Length;

        /// <inheritdoc />
        public TTerm this[int index] => _terms[index];

        /// <summary>The word for <paramref name="value"/>.</summary>
        public TTerm this[T value] => _byValue.TryGetValue(value, out var term) ? term : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {What} of the vocabulary");

        /// <summary>The word a spec spells <paramref name="spelling"/> (its <see cref="Term{T}.Spec"/> or an alias), or null.</summary>
        public TTerm? Find(string spelling) => _bySpelling.TryGetValue(spelling, out var term) ? term : null;

        /// <summary>The value a spec spells <paramref name="spelling"/>, or <paramref name="fallback"/> when it spells none
        /// (the key was left out, or the reader has already reported it).</summary>
        public T ValueOf(string? spelling, T fallback) => spelling is not null && Find(spelling) is { } term ? term.Value : fallback;

        /// <summary>The value of a spelling the reader has already checked against <see cref="Spellings"/>.</summary>
        public T Parse(string spelling) => Find(spelling)?.Value ?? throw new ArgumentException($"'{spelling}' is not a {What}", nameof(spelling));

        /// <summary>The canonical spellings, in order (optionally of the words <paramref name="where"/> accepts): what the
        /// schema lists and "expected one of" messages offer.</summary>
        public string[] Spellings(Func<TTerm, bool>? where = null) => _terms.Where(t => where is null || where(t)).Select(t => t.Spec).ToArray();

        /// <summary>Every spelling a reader accepts, aliases included, in order.</summary>
        public IEnumerable<string> AllSpellings => _terms.SelectMany(t => new[] { t.Spec }.Concat(t.Aliases)).Distinct();

        /// <inheritdoc />
        public IEnumerator<TTerm> GetEnumerator() => ((IEnumerable<TTerm>)_terms).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
