using System.Diagnostics;
using System.Net;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;

namespace Bot.Tests;

public class HealthTests
{
    [Fact]
    public async Task HealthReportsHealthyOnceTheIndexIsBuilt()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LivenessAndReadinessAreBothUpOnceTheModelsAndDatabaseAre()
    {
        await using var app = new BotApplication();
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task WithoutItsDatabaseTheBotIsAliveButNotReady()
    {
        await using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:Bot"] = $"Host=127.0.0.1;Port={HandoffTestKit.FreePort()};Database=none;Username=none;Password=none;Timeout=2",
        });
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task TheContainerConventionsForThePortAreHonoured(string variable)
    {
        var port = HandoffTestKit.FreePort();
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(BotApplication.RepoRoot, "src", "Bot", "bin", "Release", "net10.0", "Bot.dll")])
        {
            WorkingDirectory = BotApplication.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment[variable] = variable == "ASPNETCORE_URLS" ? $"http://127.0.0.1:{port}" : port.ToString();
        psi.Environment["Storage__DataPath"] = Path.Combine(Path.GetTempPath(), "bot-tests", "ports-" + Guid.NewGuid().ToString("n"));
        psi.Environment["Retrieval__Semantic__CachePath"] = BotApplication.SemanticCachePath;
        psi.Environment["Knowledge__WatchForChanges"] = "false";
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? status = null;
            while (status is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    status = (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or too busy starting to answer on a loaded machine.
                    await Task.Delay(200);
                }
            }
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
