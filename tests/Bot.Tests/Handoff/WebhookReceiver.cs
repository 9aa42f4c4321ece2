using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Handoff;

/// <summary>A real HTTP endpoint on a loopback port that records what the bot POSTs to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<(IHeaderDictionary Headers, byte[] Body)> Received { get; } = new();

    public string Url => app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Received.Enqueue((new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>The maildev catcher ./test.sh starts; tests share it, so each looks only at mail to its own address.</summary>
public static class MailCatcher
{
    public static string Url { get; } = Environment.GetEnvironmentVariable("BOT_TEST_MAILDEV_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:1080";

    public static string SmtpPort { get; } = Environment.GetEnvironmentVariable("BOT_TEST_SMTP_PORT") is { Length: > 0 } port ? port : "1025";

    private static readonly HttpClient Http = new();

    public static async Task<List<System.Text.Json.JsonElement>> MessagesToAsync(string address)
    {
        var all = await Http.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(Url + "/api/email") ?? [];
        return all.Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address)).ToList();
    }
}
