using Bot.Tests.Handoff;
using Bot.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Scaling;

/// <summary>
/// Two instances started at the same moment on an empty PostgreSQL database, as a first deployment of two replicas
/// would be: both migrate, make or find the shared keys, and then serve one visitor and read each other's requests.
/// </summary>
public sealed class SimultaneousFirstStartTests : IAsyncLifetime
{
    private readonly PostgreSqlBackend backend = new();
    private IntakeHarness a = null!;
    private IntakeHarness b = null!;

    public async Task InitializeAsync()
    {
        var settings = (await backend.SettingsAsync()).ToDictionary(s => s.Key, s => s.Value);
        a = new IntakeHarness(new Dictionary<string, string?>(settings), fakeClock: false);
        b = new IntakeHarness(new Dictionary<string, string?>(settings), fakeClock: false);
        await Task.WhenAll(Task.Run(() => a.CreateClient().Dispose()), Task.Run(() => b.CreateClient().Dispose()));
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await backend.DisposeAsync();
    }

    [Fact]
    public async Task AnIntakeAlternatingBetweenTheTwoEndsWithOneRequestBothCanRead()
    {
        var conversation = "first-start-" + Guid.NewGuid().ToString("n");
        ChatClient[] instances = [a.Chat(conversation), b.Chat(conversation)];
        IReadOnlyList<BotReply> replies = [];
        for (var i = 0; i < SharedStateTests.IntakeVisitor.Length; i++)
        {
            replies = await instances[i % 2].SayAsync(SharedStateTests.IntakeVisitor[i]);
        }
        Assert.Contains(replies, r => r.Text.Contains("reference number", StringComparison.OrdinalIgnoreCase));
        var seenByA = Assert.Single(await a.RequestsAsync());
        var seenByB = Assert.Single(await b.RequestsAsync());
        Assert.Equal((seenByA.Reference, seenByA.Name, seenByA.Email), (seenByB.Reference, seenByB.Name, seenByB.Email));
        Assert.Equal("orla.v@mail.example", seenByA.Email);
    }

    [Fact]
    public async Task ContactDetailsEncryptedByEitherAreReadByTheOther()
    {
        var fromA = HandoffTestKit.Submission();
        var fromB = HandoffTestKit.Submission();
        var receiptA = await a.Services.GetRequiredService<Bot.Handoff.HandoffService>().SubmitAsync(fromA, CancellationToken.None);
        var receiptB = await b.Services.GetRequiredService<Bot.Handoff.HandoffService>().SubmitAsync(fromB, CancellationToken.None);

        var onB = await b.RequestsAsync();
        var onA = await a.RequestsAsync();
        Assert.Equal(fromA.Email, Assert.Single(onB, r => r.Reference == receiptA.Reference).Email);
        Assert.Equal(fromB.Email, Assert.Single(onA, r => r.Reference == receiptB.Reference).Email);
    }
}
