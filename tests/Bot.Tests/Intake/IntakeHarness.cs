using Bot.Conversation.Intake;
using Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Intake;

/// <summary>A submitted request as staff will see it.</summary>
public sealed record StaffView(
    string Reference, string Name, string? Phone, string? Email, string PreferredContact, string? BestTime, string? Reason,
    bool Urgent, DateTimeOffset ConsentAt, string PrivacyNoticeVersion, string ConversationId, IReadOnlyList<string> Transcript);

/// <summary>The real app with a clock the test moves, and a look at what reached the clinic's team.</summary>
public sealed class IntakeHarness : IAsyncDisposable
{
    private readonly BotApplication _app;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;

    public IntakeHarness(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _app = new BotApplication(settings);
        _factory = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient CreateClient() => _factory.CreateClient();

    public ChatClient Chat(string? conversationId = null) => new(CreateClient(), conversationId);

    /// <summary>
    /// Requests that reached staff. For now read from the temporary in-memory submitter; this becomes a GET of
    /// /api/handoffs once the handoff store is on main.
    /// </summary>
    public Task<IReadOnlyList<StaffView>> RequestsAsync()
    {
        var store = _factory.Services.GetRequiredService<InMemoryIntakeSubmitter>();
        IReadOnlyList<StaffView> views = store.Requests.Select(r => new StaffView(
            r.Reference, r.Submission.Name, r.Submission.Phone, r.Submission.Email, r.Submission.PreferredContact,
            r.Submission.BestTime, r.Submission.Reason, r.Submission.Urgent, r.Submission.ConsentAt,
            r.Submission.PrivacyNoticeVersion, r.Submission.ConversationId,
            r.Submission.Transcript.Select(t => $"{t.From}: {t.Text}").ToArray())).ToArray();
        return Task.FromResult(views);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}
