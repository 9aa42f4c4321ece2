using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Tests.Infrastructure;

/// <summary>
/// The real app, in memory, on the repo's real knowledge folder and appsettings.json.
/// Each test news one up; settings override configuration the way environment variables would.
/// </summary>
public sealed class BotApplication(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>
    /// The same app on Kestrel on a loopback port, for tests that need what only a real server does (parsing
    /// raw request lines, connection addresses); <see cref="HttpClient"/>s from <see cref="OverHttpClient"/> reach it.
    /// </summary>
    public static BotApplication OverHttp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new BotApplication(settings);
        app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        app.ServerAddress = new Uri(addresses.First());
        return app;
    }

    public Uri? ServerAddress { get; private set; }

    public HttpClient OverHttpClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ServerAddress ?? throw new InvalidOperationException("not started with OverHttp") };

    public static string RepoRoot => BotProcess.RepoRoot;

    public static string SemanticCachePath => BotProcess.SemanticCachePath;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "bot-tests", Guid.NewGuid().ToString("n"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataPath", DataPath);
        builder.UseSetting("Knowledge:WatchForChanges", "false");
        // The model, static table and entry vectors are built once per machine and shared by every test app.
        builder.UseSetting("Retrieval:Semantic:CachePath", SemanticCachePath);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, LoopbackClientAddress>());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        // The app answers its first questions from the static table while MiniLM loads; tests assert the full
        // model's answers, so they start once it is there (the health endpoint says "degraded" until then).
        host.Services.WaitForFullModelsAsync().GetAwaiter().GetResult();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
