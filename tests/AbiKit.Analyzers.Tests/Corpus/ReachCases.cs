namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus cases for the shapes the first corpus left out: flags built up with compound assignments before the call
/// that reads them, objects and scopes held in fields, in collections, through <c>ref</c> locals and parameters,
/// and helpers whose body a call cannot rely on (virtual, interface, delegate).
/// </summary>
internal static class ReachCases
{
    public static IEnumerable<CorpusCase> All()
    {
        // ---------------------------------------------------------------- compound: flags built with |= (and locals) before the call
        yield return new("compound", "access-local-read-then-write", """
            void M(AllocBuffer b) { var access = CpuAccess.Read; using var cpu = b.BeginCpuAccess(access); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("compound", "access-or-write-ok", """
            void M(AllocBuffer b) { var access = CpuAccess.Read; access |= CpuAccess.Write; using var cpu = b.BeginCpuAccess(access); cpu.Span[0] = 1; }
            """);
        yield return new("compound", "access-or-write-on-a-path-ok", """
            void M(AllocBuffer b, bool w) { var access = CpuAccess.Read; if (w) access |= CpuAccess.Write; using var cpu = b.BeginCpuAccess(access); cpu.Span[0] = 1; }
            """);
        yield return new("compound", "access-assigned-on-both-paths-read", """
            void M(AllocBuffer b, bool w) { CpuAccess access; if (w) access = CpuAccess.Read; else access = CpuAccess.Read; using var cpu = b.BeginCpuAccess(access); {|ABI002:cpu.Span|}.Clear(); }
            """);
        yield return new("compound", "access-or-read-only", """
            void M(AllocBuffer b) { CpuAccess access = 0; access |= CpuAccess.Read; using var cpu = b.BeginCpuAccess(access); Encoding.ASCII.GetBytes("x", {|ABI002:cpu.Span|}); }
            """);
        yield return new("compound", "access-parameter-unknown-ok", """
            void M(AllocBuffer b, CpuAccess access) { access |= CpuAccess.Read; using var cpu = b.BeginCpuAccess(access); cpu.Span[0] = 1; }
            """);
        yield return new("compound", "slab-access-local-read", """
            void M() { using var slab = Slab.Create(); var a = CpuAccess.Read; slab.BeginAccess(a); {|ABI002:slab.Contents|}[0] = 1; slab.EndAccess(); }
            """);
        yield return new("compound", "slab-access-or-write-ok", """
            void M() { using var slab = Slab.Create(); var a = CpuAccess.Read; a |= CpuAccess.Write; slab.BeginAccess(a); slab.Contents[0] = 1; slab.EndAccess(); }
            """);
        yield return new("compound", "sync-flags-or-start-unended", """
            void M(IIoctlChannel ch) { var client = new DmaBuf.DmaBufClient(ch); var sync = new DmaBuf.SyncArgs { Flags = DmaBuf.SyncFlags.Read }; sync.Flags |= DmaBuf.SyncFlags.Write; {|ABI003:client.Sync(ref sync)|}; }
            """);
        yield return new("compound", "sync-flags-or-end-balanced", """
            void M(IIoctlChannel ch) { var client = new DmaBuf.DmaBufClient(ch); var sync = new DmaBuf.SyncArgs { Flags = DmaBuf.SyncFlags.Read }; client.Sync(ref sync); sync.Flags |= DmaBuf.SyncFlags.End; client.Sync(ref sync); }
            """);
        yield return new("compound", "sync-flags-local-start-unended", """
            void M(IIoctlChannel ch) { var client = new DmaBuf.DmaBufClient(ch); var flags = DmaBuf.SyncFlags.Read; flags |= DmaBuf.SyncFlags.Write; var sync = new DmaBuf.SyncArgs { Flags = flags }; {|ABI003:client.Sync(ref sync)|}; }
            """);
        yield return new("compound", "sync-flags-local-end-balanced", """
            void M(IIoctlChannel ch) { var client = new DmaBuf.DmaBufClient(ch); var flags = DmaBuf.SyncFlags.Rw; var sync = new DmaBuf.SyncArgs { Flags = flags }; client.Sync(ref sync); flags |= DmaBuf.SyncFlags.End; sync.Flags = flags; client.Sync(ref sync); }
            """);
        yield return new("compound", "sync-flags-end-on-a-path-unknown", """
            void M(IIoctlChannel ch, bool done) { var client = new DmaBuf.DmaBufClient(ch); var start = new DmaBuf.SyncArgs { Flags = DmaBuf.SyncFlags.Rw }; client.Sync(ref start); var flags = DmaBuf.SyncFlags.Rw; if (done) flags |= DmaBuf.SyncFlags.End; var end = new DmaBuf.SyncArgs { Flags = flags }; client.Sync(ref end); }
            """);

        // ---------------------------------------------------------------- fields: objects and scopes held by the instance
        yield return new("fields", "created-into-field-ok", """
            AllocBuffer? _b; void M(IIoctlChannel ch) { _b = AllocBuffer.Create(ch, 1); _b.Write(0, new byte[1]); }
            """);
        yield return new("fields", "local-handed-to-field-ok", """
            AllocBuffer? _b; void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); _b = b; }
            """);
        yield return new("fields", "field-closed-then-used", """
            AllocBuffer _b = null!; void M() { _b.Dispose(); Console.WriteLine({|ABI004:_b.Size|}); }
            """);
        yield return new("fields", "field-closed-then-reset-by-call-ok", """
            AllocBuffer _b = null!; IIoctlChannel _ch = null!; void M() { _b.Dispose(); Reset(); Console.WriteLine(_b.Size); } void Reset() => _b = AllocBuffer.Create(_ch, 1);
            """);
        yield return new("fields", "field-closed-then-reassigned-ok", """
            AllocBuffer _b = null!; void M(IIoctlChannel ch) { _b.Dispose(); _b = AllocBuffer.Create(ch, 1); Console.WriteLine(_b.Size); }
            """);
        yield return new("fields", "window-on-field-not-ended", """
            AllocBuffer _b = null!; byte M() { var cpu = {|ABI003:_b.BeginCpuAccess(CpuAccess.Read)|}; return cpu.Span[0]; }
            """);
        yield return new("fields", "window-on-field-ok", """
            AllocBuffer _b = null!; void M() { using var cpu = _b.BeginCpuAccess(CpuAccess.Write); cpu.Span[0] = 1; }
            """);
        yield return new("fields", "scope-into-field-ok", """
            AllocBuffer _b = null!; CpuAccessScope _cpu; void M() { _cpu = _b.BeginCpuAccess(CpuAccess.Write); }
            """);
        yield return new("fields", "field-scope-ended-then-written", """
            CpuAccessScope _cpu; void M() { _cpu.Dispose(); {|ABI002:_cpu.Span|}[0] = 1; }
            """);
        yield return new("fields", "field-slab-unlocked-then-read", """
            Slab _slab = null!; ulong M() { _slab.Lock(); _slab.Unlock(); return {|ABI001:_slab.Address|}; }
            """);
        yield return new("fields", "field-slab-locked-ok", """
            Slab _slab = null!; ulong M() { _slab.Lock(); try { return _slab.Address; } finally { _slab.Unlock(); } }
            """);
        yield return new("fields", "static-field-closed-then-used", """
            static Surface s_surface = null!; void M() { s_surface.Dispose(); {|ABI004:s_surface.Submit(0)|}; }
            """);
        yield return new("fields", "dispose-pattern-ok", """
            AllocBuffer? _b; public void Dispose() { _b?.Dispose(); _b = null; }
            """);

        // ---------------------------------------------------------------- collections: lists, arrays, dictionaries
        yield return new("collections", "created-into-list-ok", """
            void M(IIoctlChannel ch, List<AllocBuffer> list) { list.Add(AllocBuffer.Create(ch, 1)); }
            """);
        yield return new("collections", "local-added-to-list-ok", """
            void M(IIoctlChannel ch, List<AllocBuffer> list) { var b = AllocBuffer.Create(ch, 1); b.Write(0, new byte[1]); list.Add(b); }
            """);
        yield return new("collections", "created-into-array-ok", """
            AllocBuffer[] M(IIoctlChannel ch) { var all = new AllocBuffer[2]; all[0] = AllocBuffer.Create(ch, 1); all[1] = AllocBuffer.Create(ch, 2); return all; }
            """);
        yield return new("collections", "created-into-dictionary-ok", """
            void M(IIoctlChannel ch, Dictionary<int, AllocBuffer> map) { var b = AllocBuffer.Create(ch, 1); map[1] = b; }
            """);
        yield return new("collections", "foreach-closed-then-used", """
            void M(List<AllocBuffer> list) { foreach (var b in list) { b.Dispose(); Console.WriteLine({|ABI004:b.Size|}); } }
            """);
        yield return new("collections", "foreach-window-ok", """
            void M(AllocBuffer[] all) { foreach (var b in all) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span.Clear(); } }
            """);
        yield return new("collections", "element-window-not-ended", """
            byte M(List<AllocBuffer> list) { var cpu = {|ABI003:list[0].BeginCpuAccess(CpuAccess.Read)|}; return cpu.Span[0]; }
            """);
        yield return new("collections", "element-window-read-only-written", """
            void M(AllocBuffer[] all, int i) { using var cpu = all[i].BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("collections", "element-closed-then-used", """
            void M(List<AllocBuffer> list) { var b = list[0]; b.Dispose(); {|ABI004:b.Export()|}; }
            """);
        yield return new("collections", "first-closed-then-written", """
            void M(IEnumerable<AllocBuffer> all) { var b = all.First(); b.Dispose(); {|ABI004:b.Write(0, new byte[1])|}; }
            """);
        yield return new("collections", "size-into-list-still-leaks", """
            List<ulong> M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; return new List<ulong> { b.Size }; }
            """);
        yield return new("collections", "scopes-in-array-ok", """
            void M(AllocBuffer b) { var scopes = new CpuAccessScope[1]; scopes[0] = b.BeginCpuAccess(CpuAccess.Write); scopes[0].Dispose(); }
            """);
        yield return new("collections", "disposed-all-ok", """
            void M(IIoctlChannel ch) { var all = new List<AllocBuffer> { AllocBuffer.Create(ch, 1), AllocBuffer.Create(ch, 2) }; foreach (var b in all) b.Dispose(); }
            """);

        // ---------------------------------------------------------------- ref locals and ref parameters
        yield return new("ref-locals", "ref-alias-ends-window", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); ref var r = ref cpu; r.Span[0] = 1; r.Dispose(); }
            """);
        yield return new("ref-locals", "ref-alias-ends-then-original-written", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); ref var r = ref cpu; r.Dispose(); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("ref-locals", "ref-alias-window-not-ended", """
            byte M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; ref var r = ref cpu; return r.Span[0]; }
            """);
        yield return new("ref-locals", "ref-alias-closes-buffer", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); ref var r = ref b; r.Dispose(); }
            """);
        yield return new("ref-locals", "ref-alias-buffer-leaks", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; ref var r = ref b; Console.WriteLine(r.Size); }
            """);
        yield return new("ref-locals", "ref-alias-closed-then-original-used", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); ref var r = ref b; r.Dispose(); Console.WriteLine({|ABI004:b.Size|}); }
            """);
        yield return new("ref-locals", "ref-readonly-alias-after-end", """
            byte M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Read); ref readonly var r = ref cpu; cpu.Dispose(); return {|ABI002:r.Span|}[0]; }
            """);
        yield return new("ref-locals", "ref-pin-alias-unpins", """
            void M(AllocBuffer b) { var pin = b.Pin(); ref var p = ref pin; Console.WriteLine(b.Size); p.Dispose(); }
            """);
        yield return new("ref-locals", "ref-element-ok", """
            void M(AllocBuffer b) { var scopes = new CpuAccessScope[1]; scopes[0] = b.BeginCpuAccess(CpuAccess.Write); ref var s = ref scopes[0]; s.Dispose(); }
            """);
        yield return new("ref-locals", "ref-parameter-closed-then-used", """
            void M(ref AllocBuffer b) { b.Dispose(); Console.WriteLine({|ABI004:b.Size|}); }
            """);
        yield return new("ref-locals", "ref-parameter-created-ok", """
            void M(IIoctlChannel ch, ref AllocBuffer? b) { b = AllocBuffer.Create(ch, 1); }
            """);
        yield return new("ref-locals", "ref-parameter-scope-ended-then-read", """
            byte M(ref CpuAccessScope cpu) { cpu.Dispose(); return {|ABI002:cpu.Span|}[0]; }
            """);

        // ---------------------------------------------------------------- virtual, interface and delegate helpers: bodies not assumed
        yield return new("virtual", "virtual-helper-close-not-assumed", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); Release(b); Console.WriteLine(b.Size); }
            protected virtual void Release(AllocBuffer buffer) => buffer.Dispose();
            """);
        yield return new("virtual", "interface-helper-close-not-assumed", """
            public interface IReleaser { void Release(AllocBuffer buffer); }
            void M(IIoctlChannel ch, IReleaser r) { var b = AllocBuffer.Create(ch, 1); r.Release(b); Console.WriteLine(b.Size); }
            """);
        yield return new("virtual", "override-helper-close-not-assumed", """
            public class Base { protected virtual void Release(AllocBuffer buffer) { } }
            public class Derived : Base
            {
                protected override void Release(AllocBuffer buffer) => buffer.Dispose();
                void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); Release(b); Console.WriteLine(b.Size); }
            }
            """);
        yield return new("virtual", "sealed-override-helper-closes", """
            public class Base { protected virtual void Release(AllocBuffer buffer) { } }
            public sealed class Derived : Base
            {
                protected override void Release(AllocBuffer buffer) => buffer.Dispose();
                void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); Release(b); Console.WriteLine({|ABI004:b.Size|}); }
            }
            """);
        yield return new("virtual", "base-call-helper-closes", """
            public class Base { protected virtual void Release(AllocBuffer buffer) => buffer.Dispose(); }
            public class Derived : Base
            {
                protected override void Release(AllocBuffer buffer) { base.Release(buffer); Console.WriteLine({|ABI004:buffer.Size|}); }
            }
            """);
        yield return new("virtual", "virtual-factory-not-assumed", """
            void M() { var b = Make(); Console.WriteLine(b.Size); }
            protected virtual AllocBuffer Make() => AllocBuffer.Create(null!, 1);
            """);
        yield return new("virtual", "delegate-helper-not-assumed", """
            void M(IIoctlChannel ch, Action<AllocBuffer> release) { var b = AllocBuffer.Create(ch, 1); release(b); Console.WriteLine(b.Size); }
            """);
        yield return new("virtual", "virtual-unrelated-call-still-leaks", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; Log(b.Size); }
            protected virtual void Log(ulong size) { }
            """);
        yield return new("virtual", "virtual-unrelated-window-not-ended", """
            void M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; Log(cpu.Span[0]); }
            protected virtual void Log(byte value) { }
            """);
        yield return new("virtual", "private-helper-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); Release(b); Console.WriteLine({|ABI004:b.Size|}); }
            private void Release(AllocBuffer buffer) => buffer.Dispose();
            """);
        yield return new("virtual", "abstract-helper-not-assumed", """
            public abstract class Owner
            {
                protected abstract void Release(Surface surface);
                void M() { var s = Surface.Allocate(1); Release(s); Console.WriteLine(s.Length); }
            }
            """);
        yield return new("virtual", "virtual-span-writer-not-assumed-read", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); Fill(cpu.Span); }
            protected virtual void Fill(Span<byte> span) { }
            """);
    }
}
