using Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

/// <summary>The app as a real process: killed between confirmation and delivery, restarted, delivers the email exactly once.</summary>
public sealed class RestartDeliveryTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "bot-tests", Guid.NewGuid().ToString("n"));
    private readonly string to = $"staff-{Guid.NewGuid():n}@clinic.test";

    [Fact]
    public async Task KilledBeforeDeliveryDeliversTheEmailExactlyOnceAfterRestart()
    {
        // First life: the SMTP port accepts nothing, so the job stays pending with its attempt recorded.
        var deadPort = FreePort();
        await using (var first = StartBot(deadPort))
        {
            await first.WaitUntilReadyAsync("/health");
            var receipt = await SubmitThroughSiblingAsync();
            await WaitUntilAsync(async () => await EmailJobAsync(receipt.Id) is ("pending", >= 1, not null), TimeSpan.FromSeconds(20), "a failed first attempt");
            await first.KillAsync();
            Assert.Empty(await MailCatcher.MessagesToAsync(to));

            // Second life: mail works now; the persisted job is picked up and sent once.
            await using var second = StartBot(int.Parse(MailCatcher.SmtpPort));
            // The 30 s below is for delivery: a start on a busy machine (the full suite beside it) has its own budget.
            await second.WaitUntilReadyAsync("/health");
            await WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(to)).Count > 0, TimeSpan.FromSeconds(30), "the email after restart");
            await WaitUntilAsync(async () => await EmailJobAsync(receipt.Id) is ("sent", _, _), TimeSpan.FromSeconds(10), "the job marked sent");
            await Task.Delay(1500);
            var mail = Assert.Single(await MailCatcher.MessagesToAsync(to));
            Assert.Contains(receipt.Reference, mail.GetProperty("subject").GetString());
            await second.KillAsync();
        }
    }

    /// <summary>Stores a request in the same data folder as the running process, the way the intake conversation would.</summary>
    private async Task<Bot.Handoff.HandoffReceipt> SubmitThroughSiblingAsync()
    {
        await using var sibling = new BotApplication(Settings([.. EmailSettings(MailCatcher.SmtpPort), ("Handoff:DispatcherStartDelay", "01:00:00")]));
        return await sibling.SubmitAsync(Submission());
    }

    private (string, string?)[] EmailSettings(string port) =>
    [
        ("Storage:DataPath", dataPath), ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", port),
        ("Handoff:Email:UseTls", "false"), ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", to),
        // A job claimed by a process that dies is free again after its lease; keep that short here.
        ("Handoff:LeaseDuration", "00:00:03"),
    ];

    private async Task<(string State, int Attempts, string? LastError)?> EmailJobAsync(Guid requestId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "bot.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, attempts, last_error FROM outbox WHERE request_id = $id AND channel = 'email'";
        command.Parameters.AddWithValue("$id", requestId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }

    private BotProcess StartBot(int smtpPort) =>
        BotProcess.Start(BotProcess.JitCommand, Settings(EmailSettings(smtpPort.ToString())), dataPath);

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
