using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Telemetry;

/// <summary>
/// A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver on a loopback port: it keeps the protobuf body of
/// every POST /v1/traces and answers with an empty ExportTraceServiceResponse (an empty protobuf message).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<byte[]> Traces { get; } = new();

    public string Endpoint => app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Traces.Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (up to 30 s) for an export whose bytes contain every one of <paramref name="texts"/>.</summary>
    public async Task<byte[]?> WaitForAsync(params string[] texts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Traces.FirstOrDefault(body => texts.All(t => Contains(body, t))) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        return null;
    }

    public static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
