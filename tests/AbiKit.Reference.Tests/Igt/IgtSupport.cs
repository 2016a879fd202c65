using AbiKit.Interop.Alloc;
using AbiKit.Interop.DrmCore;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT's own helpers (gem_flink, gem_open, gem_close, the dumb-buffer calls, drmGetMagic/drmAuthMagic) over the
/// device's DRM core ioctls, each returning the errno as IGT's <c>__gem_*</c> forms do.
/// </summary>
internal static class IgtCalls
{
    /// <summary>drm_open_driver(): IGT runs as root on the primary node (so the file is authenticated).</summary>
    public static TestClient OpenAsIgt(this DeviceFixture fx) => fx.Open(DrmNode.Primary, hasSysAdmin: true);

    /// <summary>gem_quiescent_gpu(): returns once the engine ran everything queued so far (it runs commands in order).</summary>
    public static void Quiesce(this DeviceFixture fx)
    {
        var c = fx.Open();
        var marker = c.Create(DeviceFixture.PageSize);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(marker, 0, 1, 1)));
        c.WaitIdle(marker);
        c.Dispose();
    }

    public static DrmCoreClient Core(this TestClient c) => new(c.Channel);

    public static Errno GemFlink(this TestClient c, BoHandle handle, out uint name)
    {
        var args = new GemFlink { Handle = new GemHandle(handle.Value) };
        var result = c.Core().GemFlink(ref args);
        name = args.Name.Value;
        return result;
    }

    /// <summary>gem_flink(): asserting success.</summary>
    public static uint Flink(this TestClient c, BoHandle handle)
    {
        Assert.Equal(Errno.Ok, c.GemFlink(handle, out uint name));
        Assert.NotEqual(0u, name);
        return name;
    }

    public static Errno GemOpen(this TestClient c, uint name, out BoHandle handle, out ulong size)
    {
        var args = new GemOpen { Name = new GemName(name) };
        var result = c.Core().GemOpen(ref args);
        handle = new BoHandle(args.Handle.Value);
        size = args.Size;
        return result;
    }

    /// <summary>gem_open(): asserting success.</summary>
    public static BoHandle Open(this TestClient c, uint name)
    {
        Assert.Equal(Errno.Ok, c.GemOpen(name, out var handle, out _));
        Assert.NotEqual(0u, handle.Value);
        return handle;
    }

    public static Errno GemClose(this TestClient c, uint handle)
    {
        var args = new GemClose { Handle = new GemHandle(handle) };
        return c.Core().GemClose(ref args);
    }

    public static Errno DumbCreate(this TestClient c, ref ModeCreateDumb create) => c.Core().ModeCreateDumb(ref create);

    public static Errno DumbMap(this TestClient c, uint handle, out ulong offset)
    {
        var args = new ModeMapDumb { Handle = new GemHandle(handle) };
        var result = c.Core().ModeMapDumb(ref args);
        offset = args.Offset;
        return result;
    }

    public static Errno DumbDestroy(this TestClient c, uint handle)
    {
        var args = new ModeDestroyDumb { Handle = new GemHandle(handle) };
        return c.Core().ModeDestroyDumb(ref args);
    }

    public static Errno GetMagic(this TestClient c, out uint magic)
    {
        var args = new Auth();
        var result = c.Core().GetMagic(ref args);
        magic = args.Magic;
        return result;
    }

    public static Errno AuthMagic(this TestClient c, uint magic)
    {
        var args = new Auth { Magic = magic };
        return c.Core().AuthMagic(ref args);
    }

    /// <summary>Starts <paramref name="body"/> on a thread; the returned action joins it and rethrows what it threw (an assertion on a thread must not kill the test host).</summary>
    public static Action Background(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        return () =>
        {
            thread.Join();
            if (failure is not null) throw new AggregateException(failure);
        };
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads at once; rethrows the first failure.</summary>
    public static void RunThreads(int count, Action<int> body)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures.TryDequeue(out var first)) throw new AggregateException(first);
    }
}
