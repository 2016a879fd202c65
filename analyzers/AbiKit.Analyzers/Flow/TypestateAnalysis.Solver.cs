using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AbiKit.Analyzers.Flow.Typestate;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>The worklist solver: one fixed point per method over the graph (finally regions as nested fixed points, catch handlers from their try regions, explicit throws as exits); the edges' refinements are in TypestateAnalysis.Conditions.cs.</summary>
    internal sealed partial class TypestateAnalysis
    {
        private void Solve()
        {
            _reportIn = new ulong[]?[_cfg.Blocks.Length];
            var entry = new ulong[_entities.Count * _partitions];
            for (int i = 0; i < entry.Length; i++)
            {
                entry[i] = _entities[i % _entities.Count].Symbol is IParameterSymbol or IFieldSymbol ? Live | WindowUnknown | PinUnknown : None;
            }
            new RangeRun(this, 0, _cfg.Blocks.Length - 1).Run(0, entry);
        }

        /// <summary>A fixed point over blocks [First, Last], entered at one block: the whole graph, or one finally region.</summary>
        private sealed class RangeRun
        {
            private readonly TypestateAnalysis _a;
            private readonly int _first;
            private readonly ulong[]?[] _in;
            private readonly SortedSet<int> _work = new();
            private ulong[]? _scratch;
            private ulong[]? _exit;

            public RangeRun(TypestateAnalysis analysis, int first, int last)
            {
                _a = analysis;
                _first = first;
                _in = new ulong[]?[last - first + 1];
            }

            /// <summary>Runs to a fixed point; returns the join of the states leaving through the end of a finally region, if any.</summary>
            public ulong[]? Run(int entry, ulong[] state)
            {
                Join(entry, state);
                while (_work.Count > 0)
                {
                    _a._ct.ThrowIfCancellationRequested();
                    int ordinal = _work.Min;
                    _work.Remove(ordinal);
                    var block = _a._cfg.Blocks[ordinal];
                    var input = _in[ordinal - _first]!;
                    // The block's output lives in one scratch array: whatever keeps a state (joins, the finally cache) copies it.
                    var output = _scratch ??= new ulong[input.Length];
                    Array.Copy(input, output, input.Length);
                    _a.Transfer(block, output, reporting: false);
                    if (block.ConditionalSuccessor is { } conditional)
                    {
                        var (whenTrue, whenFalse) = _a.Refine(block.BranchValue!, output);
                        bool conditionalWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                        Follow(block, conditional, conditionalWhenTrue ? whenTrue : whenFalse);
                        Follow(block, block.FallThroughSuccessor, conditionalWhenTrue ? whenFalse : whenTrue);
                    }
                    else
                    {
                        Follow(block, block.FallThroughSuccessor, output);
                    }
                    Exceptions(block, input, output);
                }
                for (int i = 0; i < _in.Length; i++)
                {
                    if (_in[i] is { } state1) JoinInto(ref _a._reportIn[_first + i], state1);
                }
                return _exit;
            }

            private void Follow(BasicBlock from, ControlFlowBranch? branch, ulong[]? state)
            {
                if (branch is null || state is null) return;
                if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow)
                {
                    Thrown(from, state);
                    return;
                }
                // Only a branch that leaves its region can run finally regions (the list is built on first use).
                var finallyRegions = branch.Destination is { } target && target.EnclosingRegion == from.EnclosingRegion ? ImmutableArray<ControlFlowRegion>.Empty : branch.FinallyRegions;
                foreach (var @finally in finallyRegions)
                {
                    state = _a.StepFinally(@finally, state);
                    if (state is null) return;
                }
                if (branch.Destination is null)
                {
                    if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling) JoinInto(ref _exit, state);
                    return;
                }
                Join(branch.Destination.Ordinal, state);
            }

            private void Join(int ordinal, ulong[] state)
            {
                int i = ordinal - _first;
                if (i < 0 || i >= _in.Length) return;
                if (JoinInto(ref _in[i], state)) _work.Add(ordinal);
            }

            /// <summary>
            /// An explicit <c>throw</c> leaves the method like a return (after the finally regions it crosses), unless a
            /// catch of an enclosing try may take it (the handlers are entered from every block of their try anyway).
            /// Only the whole graph's run records it: a throw inside a finally region is not followed further.
            /// </summary>
            private void Thrown(BasicBlock from, ulong[] state)
            {
                if (_first != 0) return;
                for (var region = from.EnclosingRegion; region != _a._cfg.Root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind != ControlFlowRegionKind.Try) continue;
                    if (parent.Kind == ControlFlowRegionKind.TryAndCatch) return;
                    if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
                    {
                        var after = _a.StepFinally(parent.NestedRegions[1], state);
                        if (after is null) return;
                        state = after;
                    }
                }
                JoinInto(ref _a._thrown, state);
            }

            /// <summary>An exception anywhere in a try region may enter its catch handlers, after the finally regions in between.</summary>
            private void Exceptions(BasicBlock block, ulong[] input, ulong[] output)
            {
                if (!HasCatch(block, _a._cfg.Root)) return;
                var state = Copy(input);
                for (int i = 0; i < state.Length; i++) state[i] |= output[i];
                // A lambda's graph's regions continue into the enclosing graph's: stop at this graph's root.
                for (var region = block.EnclosingRegion; region != _a._cfg.Root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind != ControlFlowRegionKind.Try) continue;
                    if (parent.Kind == ControlFlowRegionKind.TryAndCatch)
                    {
                        for (int h = 1; h < parent.NestedRegions.Length; h++) Join(parent.NestedRegions[h].FirstBlockOrdinal, state);
                    }
                    else if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
                    {
                        var after = _a.StepFinally(parent.NestedRegions[1], state);
                        if (after is null) return;
                        state = after;
                    }
                }
            }

            private static bool HasCatch(BasicBlock block, ControlFlowRegion root)
            {
                for (var region = block.EnclosingRegion; region != root && region?.EnclosingRegion is { } parent; region = parent)
                {
                    if (region.Kind == ControlFlowRegionKind.Try && parent.Kind == ControlFlowRegionKind.TryAndCatch) return true;
                }
                return false;
            }
        }

        private ulong[]? StepFinally(ControlFlowRegion region, ulong[] state)
        {
            var key = (region.FirstBlockOrdinal, Hash(state));
            if (!_finallyCache.TryGetValue(key, out var cache)) _finallyCache[key] = cache = new();
            foreach (var (input, cached) in cache)
            {
                if (SameState(input, state)) return cached;
            }
            var output = new RangeRun(this, region.FirstBlockOrdinal, region.LastBlockOrdinal).Run(region.FirstBlockOrdinal, state);
            cache.Add((Copy(state), output));
            return output;
        }

        /// <summary>A copy of a state (Array.Clone goes through the generic object clone: several times slower on these small arrays).</summary>
        private static ulong[] Copy(ulong[] state)
        {
            var copy = new ulong[state.Length];
            Array.Copy(state, copy, state.Length);
            return copy;
        }

        private static ulong Hash(ulong[] state)
        {
            ulong hash = 14695981039346656037UL;
            foreach (ulong value in state) hash = (hash ^ value) * 1099511628211UL;
            return hash;
        }

        private static bool SameState(ulong[] a, ulong[] b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        /// <summary>Joins <paramref name="state"/> into <paramref name="target"/>; true when it grew.</summary>
        private static bool JoinInto(ref ulong[]? target, ulong[] state)
        {
            if (target is null)
            {
                target = Copy(state);
                return true;
            }
            bool changed = false;
            for (int i = 0; i < state.Length; i++)
            {
                ulong joined = target[i] | state[i];
                if (joined != target[i])
                {
                    target[i] = joined;
                    changed = true;
                }
            }
            return changed;
        }
    }
}

