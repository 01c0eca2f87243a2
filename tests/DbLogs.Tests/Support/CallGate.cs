using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Support;

/// <summary>
/// Holds calls to some methods of a service while closed, so a test can see a state that background work would
/// otherwise leave at once (e.g. run-log entries still <c>collecting</c>). Open by default.
/// </summary>
public sealed class CallGate
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly object _sync = new();
    private bool _closed;

    public void Close()
    {
        lock (_sync)
        {
            _closed = true;
        }
    }

    public void Open()
    {
        lock (_sync)
        {
            _closed = false;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Wraps the registered <typeparamref name="TService"/> so that its <paramref name="methods"/> wait for the gate.</summary>
    public void Hold<TService>(IServiceCollection services, params string[] methods)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.AddSingleton(sp =>
        {
            var inner = (TService)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));
            var proxy = DispatchProxy.Create<TService, GatedProxy<TService>>();
            ((GatedProxy<TService>)(object)proxy).Set(inner, methods, WaitOpen);
            return proxy;
        });
    }

    private void WaitOpen()
    {
        lock (_sync)
        {
            while (_closed)
            {
                if (!Monitor.Wait(_sync, Limit))
                {
                    throw new TimeoutException($"the test did not open the gate within {Limit.TotalSeconds:0} s");
                }
            }
        }
    }
}

/// <summary>The proxy <see cref="CallGate.Hold{TService}"/> registers: waits before the held methods, then calls the service.</summary>
public class GatedProxy<TService> : DispatchProxy
    where TService : class
{
    private TService? _inner;
    private string[] _methods = [];
    private Action _wait = () => { };

    internal void Set(TService inner, string[] methods, Action wait) => (_inner, _methods, _wait) = (inner, methods, wait);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (_methods.Contains(targetMethod!.Name))
        {
            _wait();
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
