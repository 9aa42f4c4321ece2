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
        await using var bot = await StartBotAsync([]);
        var client = new DirectLineTestClient(null, bot.Http);
        await client.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(client.StreamUrl.Replace("://localhost", "://127.0.0.1")), CancellationToken.None);

        bot.Terminate();

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
        await using var bot = await StartBotAsync(email);
        // Stored the way the intake conversation would, by an instance in the same data folder whose dispatcher waits.
        await using (var sibling = new BotApplication(Settings([.. email, ("Storage:DataPath", dataPath), ("Handoff:DispatcherStartDelay", "01:00:00")])))
        {
            await sibling.SubmitAsync(Submission());
        }
        await WaitUntilAsync(async () => await EmailJobAsync() is ("pending", 1, not null), TimeSpan.FromSeconds(30), "the delivery to be under way");

        bot.Terminate();
        await bot.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(0, bot.Process.ExitCode);
        Assert.Equal(("pending", 1, (long?)null), await EmailJobAsync());
        held.ForEach(c => c.Dispose());
    }

    private async Task<(string State, int Attempts, long? LockedUntil)?> EmailJobAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "bot.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, attempts, locked_until FROM outbox WHERE channel = 'email'";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)) : null;
    }

    [Fact]
    public async Task OnSigtermOnAFreshMachineTheProcessStopsWithoutWaitingForTheSentenceModel()
    {
        // An empty model cache: the first start distils the static table and embeds the entries, a minute or more.
        var coldCache = Path.Combine(dataPath, "semantic");
        await using var bot = BotProcess.Start(BotProcess.JitCommand, Settings([("Retrieval:Semantic:CachePath", coldCache)]), dataPath);
        await bot.WaitUntilReadyAsync("/healthz");

        bot.Terminate();

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bot.Process.WaitForExitAsync(wait.Token);
        Assert.Equal(0, bot.Process.ExitCode);
    }

    private async Task<BotProcess> StartBotAsync((string, string?)[] extra)
    {
        var bot = BotProcess.Start(BotProcess.JitCommand, Settings([.. extra, ("DirectLine:Secret", DirectLineTestClient.Secret)]), dataPath);
        await bot.WaitUntilReadyAsync();
        return bot;
    }

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
