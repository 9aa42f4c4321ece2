using Bot.Conversation.Intake;
using Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        _factory = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<ILoggerProvider>(Logs);
        }));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every log line the app wrote, at every level its configuration lets through.</summary>
    public CapturedLogs Logs { get; } = new();

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

public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
