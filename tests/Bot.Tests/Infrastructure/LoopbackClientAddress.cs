using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Bot.Tests.Infrastructure;

/// <summary>
/// TestServer gives requests no client address, which the app refuses on /api/messages (a Unix socket gives none
/// either); the in-memory client stands for a caller on this machine, so it gets the loopback address, before the
/// forwarded-headers middleware (an X-Forwarded-For then reads as coming through a local proxy).
/// </summary>
public sealed class LoopbackClientAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
