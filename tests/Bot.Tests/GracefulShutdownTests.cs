using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Bot.Tests.DirectLine;
using Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests;

/// <summary>The app as a process told to stop (SIGTERM, what systemd and containers send): it says goodbye properly.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "bot-tests", "stop-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task OnSigtermAnOpenDirectLineStreamGetsAGoingAwayCloseFrameAndTheProcessExitsCleanly()
    {
        using var bot = StartBot([]);
        await WaitForHealthAsync(bot);
        var client = new DirectLineTestClient(null, bot.Http);
        await client.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(client.StreamUrl.Replace("://localhost", "://127.0.0.1")), CancellationToken.None);

        Terminate(bot.Process);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, wait.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
        await bot.Process.WaitForExitAsync(wait.Token);
        Assert.Equal(0, bot.Process.ExitCode);
    }

    [Fact]
    public async Task OnSigtermADeliveryInFlightIsHandedBackForTheNextInstanceInsteadOfWaitingOutItsLease()
    {
        // An SMTP server that accepts the connection and never greets: the email delivery hangs until the stop.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync());
            }
        });
        (string, string?)[] email =
        [
            ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", port.ToString()), ("Handoff:Email:UseTls", "false"),
            ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", "staff@clinic.test"), ("Handoff:LeaseDuration", "01:00:00"),
        ];
        using var bot = StartBot(email);
        await WaitForHealthAsync(bot);
        // Stored the way the intake conversation would, by an instance in the same data folder whose dispatcher waits.
        await using (var sibling = new BotApplication(Settings([.. email, ("Storage:DataPath", dataPath), ("Handoff:DispatcherStartDelay", "01:00:00")])))
        {
            await sibling.SubmitAsync(Submission());
        }
        await WaitUntilAsync(async () => await EmailJobAsync() is ("pending", 1, not null), TimeSpan.FromSeconds(30), "the delivery to be under way");

        Terminate(bot.Process);
        await bot.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(0, bot.Process.ExitCode);
        Assert.Equal(("pending", 1, (long?)null), await EmailJobAsync());
        held.ForEach(c => c.Dispose());
    }

    private static void Terminate(Process process) => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    private async Task<(string State, int Attempts, long? LockedUntil)?> EmailJobAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "bot.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, attempts, locked_until FROM outbox WHERE channel = 'email'";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)) : null;
    }

    private sealed record BotProcess(Process Process, HttpClient Http) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }
            Process.Dispose();
            Http.Dispose();
        }
    }

    private BotProcess StartBot((string, string?)[] extra)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Bot.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BotApplication.RepoRoot,
        };
        var env = start.Environment;
        env["BOT_CONTENT_ROOT"] = BotApplication.RepoRoot;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["Knowledge__WatchForChanges"] = "false";
        env["Retrieval__Semantic__CachePath"] = BotApplication.SemanticCachePath;
        env["DirectLine__Secret"] = DirectLineTestClient.Secret;
        env["Storage__DataPath"] = dataPath;
        foreach (var (key, value) in Settings(extra))
        {
            env[key.Replace(":", "__")] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BotProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) });
    }

    private static async Task WaitForHealthAsync(BotProcess bot) =>
        await WaitUntilAsync(async () =>
        {
            Assert.False(bot.Process.HasExited, "the bot process exited at start-up");
            try
            {
                return (await bot.Http.GetAsync("/readyz")).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the bot process to be ready");

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
