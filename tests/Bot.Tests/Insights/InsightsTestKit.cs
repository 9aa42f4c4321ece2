using System.Net.Http.Json;
using System.Text.Json;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Insights;

public static class InsightsTestKit
{
    /// <summary>The staff settings, with room for the polling these tests do while the writer catches up.</summary>
    public static Dictionary<string, string?> InsightsSettings(params (string Key, string? Value)[] extra) =>
        Settings([("RateLimits:StaffApiPerMinutePerAddress", "100000"), ("RateLimits:MessagesPerMinutePerAddress", "100000"), .. extra]);

    public static async Task<JsonElement> SummaryAsync(this BotApplication app) =>
        await app.ApiClient().GetJsonAsync("/api/insights/summary");

    public static async Task<JsonElement[]> UnansweredAsync(this BotApplication app) =>
        [.. (await app.ApiClient().GetJsonAsync("/api/insights/unanswered")).GetProperty("items").EnumerateArray()];

    /// <summary>Waits until the background writer has stored what <paramref name="condition"/> looks for.</summary>
    public static Task EventuallyAsync(this BotApplication app, Func<Task<bool>> condition, string what) =>
        WaitUntilAsync(condition, TimeSpan.FromSeconds(20), what);

    public static async Task<JsonElement> UnansweredContainingAsync(this BotApplication app, string text)
    {
        JsonElement? found = null;
        await app.EventuallyAsync(async () =>
        {
            found = (await app.UnansweredAsync()).FirstOrDefault(i => i.GetProperty("question").GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase));
            return found.Value.ValueKind == JsonValueKind.Object;
        }, $"an unanswered question containing \"{text}\"");
        return found!.Value;
    }

    public static Task<HttpResponseMessage> AttachAsync(this BotApplication app, string id, string entryId) =>
        app.ApiClient().PostAsJsonAsync($"/api/insights/unanswered/{id}/attach", new { entryId });
}
