using Bot.Conversation;
using Bot.Tests.Handoff;
using Bot.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Scaling;

/// <summary>
/// Two identical instances on one PostgreSQL database (Storage:Provider=PostgreSql): a visitor's turns land on
/// either, as they would behind a round-robin load balancer, and nothing the bot remembers is lost.
/// </summary>
public sealed class SharedStateTests : IAsyncLifetime
{
    private readonly PostgreSqlBackend backend = new();
    private IntakeHarness a = null!;
    private IntakeHarness b = null!;

    public async Task InitializeAsync()
    {
        var settings = await backend.SettingsAsync();
        a = new IntakeHarness(Settings(settings), fakeClock: false);
        // Started one after the other, as a rolling deployment would: the second finds the first's keys.
        a.CreateClient().Dispose();
        b = new IntakeHarness(Settings(backend.LastSettings), fakeClock: false);
        b.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await backend.DisposeAsync();
    }

    /// <summary>A visitor's side of a whole intake, from "how do I sign up" to "Confirm and send".</summary>
    internal static readonly string[] IntakeVisitor =
    [
        "how do I sign up",
        "I'm Orla Vantongeren, orla.v@mail.example, 415 555 0144",
        "Text",
        "weekday evenings",
        "Anxiety",
        "yes",
        "yes",
        "Confirm and send",
    ];

    private static Dictionary<string, string?> Settings((string Key, string? Value)[] storage, params (string Key, string? Value)[] extra) =>
        storage.Concat(extra).ToDictionary(s => s.Key, s => s.Value);

    [Fact]
    public async Task IntakeStartedOnOneInstanceIsConfirmedOnTheOther()
    {
        var conversation = "shared-" + Guid.NewGuid().ToString("n");
        ChatClient[] instances = [a.Chat(conversation), b.Chat(conversation)];
        var visitor = IntakeVisitor;
        IReadOnlyList<BotReply> replies = [];
        for (var i = 0; i < visitor.Length; i++)
        {
            replies = await instances[i % 2].SayAsync(visitor[i]);
        }
        Assert.Contains(replies, r => r.Text.Contains("reference number", StringComparison.OrdinalIgnoreCase));

        // Sent (and encrypted) by B; A's staff API decrypts it with the shared key ring.
        var request = Assert.Single(await a.RequestsAsync());
        Assert.Equal(("Orla Vantongeren", "+14155550144", "orla.v@mail.example", "text", "Weekday evenings"),
            (request.Name, request.Phone, request.Email, request.PreferredContact, request.BestTime));
        Assert.Contains(request.Transcript, line => line.Contains("how do I sign up", StringComparison.Ordinal));
        Assert.Equal(request.Reference, Assert.Single(await b.RequestsAsync()).Reference);
    }

    [Fact]
    public async Task ContactDetailsEncryptedByOneInstanceAreReadByTheOther()
    {
        var submission = HandoffTestKit.Submission();
        var receipt = await a.Services.GetRequiredService<Bot.Handoff.HandoffService>().SubmitAsync(submission, CancellationToken.None);

        var seenByB = Assert.Single(await b.RequestsAsync());
        Assert.Equal(receipt.Reference, seenByB.Reference);
        Assert.Equal((submission.Name, submission.Phone, submission.Email), (seenByB.Name, seenByB.Phone, seenByB.Email));
    }

    [Fact]
    public async Task ConcurrentTurnsOfOneConversationOnBothInstancesLoseNoUpdate()
    {
        var conversation = "race-" + Guid.NewGuid().ToString("n");
        ChatClient[] instances = [a.Chat(conversation), b.Chat(conversation)];
        var markers = Enumerable.Range(0, 10).Select(i => $"what does an infusion cost, case {(char)('a' + i)}").ToArray();

        await Task.WhenAll(markers.Select((text, i) => instances[i % 2].SayAsync(text)));

        foreach (var instance in new[] { a, b })
        {
            var state = await instance.Services.GetRequiredService<IConversationStateStore>().GetAsync(conversation, CancellationToken.None);
            Assert.NotNull(state);
            var said = state.Transcript.Where(t => t.From == TranscriptEntry.Visitor).Select(t => t.Text).ToHashSet();
            Assert.All(markers, m => Assert.Contains(m, said));
            Assert.Equal(markers.Length, state.Transcript.Count(t => t.From == TranscriptEntry.Visitor));
        }
    }

    [Fact]
    public async Task SweepRemovesStatesIdlePastTheTimeToLive()
    {
        // Long enough that a busy run's slow first turn is not swept before it is counted (2 s was not, once).
        await using var shortLived = new IntakeHarness(Settings(backend.LastSettings, ("Conversation:StateTimeToLive", "00:00:10")), fakeClock: false);
        var conversation = "sweep-" + Guid.NewGuid().ToString("n");
        await shortLived.Chat(conversation).SayAsync("hello");
        var rows = $"SELECT COUNT(*) FROM conversation_states WHERE id = '{conversation}'";
        Assert.Equal(1, await backend.CountAsync(null!, rows));

        await HandoffTestKit.WaitUntilAsync(async () => await backend.CountAsync(null!, rows) == 0, TimeSpan.FromSeconds(60), "the sweep");
    }
}
