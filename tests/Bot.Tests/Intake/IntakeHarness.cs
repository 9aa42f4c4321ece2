using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Handoff;
using Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Intake;

/// <summary>A submitted request as staff will see it.</summary>
public sealed record StaffView(
    string Reference, string Name, string? Phone, string? Email, string PreferredContact, string? BestTime, string? Reason,
    bool Urgent, DateTimeOffset ConsentAt, string ConversationId, IReadOnlyList<string> Transcript);

/// <summary>The real app (SQLite store in a temp folder) with a clock the test moves, and the staff API's view of what reached the team.</summary>
public sealed class IntakeHarness : IAsyncDisposable
{
    private readonly BotApplication _app;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;

    public const string ApiKey = "intake-tests-key-4f2a";

    /// <param name="fakeClock">False for tests that wait on the real delivery worker, which runs on real time.</param>
    public IntakeHarness(IReadOnlyDictionary<string, string?>? settings = null, bool fakeClock = true)
    {
        var all = new Dictionary<string, string?> { ["Staff:ApiKeys:0"] = ApiKey };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        _app = new BotApplication(all);
        _factory = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            if (fakeClock)
            {
                s.AddSingleton<TimeProvider>(Clock);
            }
            s.AddSingleton<ILoggerProvider>(Logs);
        }));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every log line the app wrote, at every level its configuration lets through.</summary>
    public LogCapture Logs { get; } = new();

    public HttpClient CreateClient() => _factory.CreateClient();

    public IServiceProvider Services => _factory.Services;

    public ChatClient Chat(string? conversationId = null) => new(CreateClient(), conversationId);

    /// <summary>Requests that reached the clinic's team, as the staff API shows them (newest first).</summary>
    public async Task<IReadOnlyList<StaffView>> RequestsAsync()
    {
        using var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var list = await http.GetFromJsonAsync<JsonElement>("/api/handoffs");
        var views = new List<StaffView>();
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var detail = await http.GetFromJsonAsync<JsonElement>($"/api/handoffs/{item.GetProperty("id").GetString()}");
            views.Add(new StaffView(
                detail.GetProperty("reference").GetString()!,
                detail.GetProperty("name").GetString()!,
                detail.GetProperty("phone").GetString(),
                detail.GetProperty("email").GetString(),
                detail.GetProperty("preferredContact").GetString()!,
                detail.GetProperty("bestTime").GetString(),
                detail.GetProperty("reason").GetString(),
                detail.GetProperty("urgent").GetBoolean(),
                detail.GetProperty("consentAt").GetDateTimeOffset(),
                detail.GetProperty("conversationId").GetString()!,
                detail.GetProperty("transcript").EnumerateArray()
                    .Select(t => $"{t.GetProperty("from").GetString()}: {t.GetProperty("text").GetString()}").ToArray()));
        }
        return views;
    }

    /// <summary>The privacy notice version stored with the consent (kept for staff, not part of the API items).</summary>
    public async Task<string?> PrivacyNoticeVersionAsync(string reference)
    {
        var store = _factory.Services.GetRequiredService<HandoffStore>();
        foreach (var summary in await store.ListAsync(null, CancellationToken.None))
        {
            if (summary.Request.Reference == reference)
            {
                return summary.Request.PrivacyNoticeVersion;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}
