using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Tests.Infrastructure;

/// <summary>Talks to /api/messages as a channel would, one conversation per client, expectReplies mode.</summary>
public sealed class BotClient(HttpClient http, string? conversationId = null)
{
    private int _n;

    public string ConversationId { get; } = conversationId ?? "conv-" + Guid.NewGuid().ToString("n");

    public async Task<IReadOnlyList<JsonObject>> SendAsync(JsonObject activity)
    {
        activity["conversation"] ??= new JsonObject { ["id"] = ConversationId };
        activity["from"] ??= new JsonObject { ["id"] = "visitor-1", ["role"] = "user" };
        activity["recipient"] ??= new JsonObject { ["id"] = "clinic-bot", ["name"] = "Clinic assistant", ["role"] = "bot" };
        activity["channelId"] ??= "test";
        activity["id"] ??= $"{ConversationId}|{++_n:0000000}";
        activity["deliveryMode"] ??= "expectReplies";
        var response = await http.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("empty body");
        return body["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
    }

    public Task<IReadOnlyList<JsonObject>> SayAsync(string text) =>
        SendAsync(new JsonObject { ["type"] = "message", ["text"] = text });

    /// <summary>The text of the single reply to <paramref name="text"/>.</summary>
    public async Task<JsonObject> AskAsync(string text) => Assert.Single(await SayAsync(text));
}

public static class ActivityAssertions
{
    public static string Text(this JsonObject activity) => activity["text"]?.GetValue<string>() ?? "";

    public static IReadOnlyList<string> Buttons(this JsonObject activity) =>
        activity["suggestedActions"]?["actions"]?.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];

    /// <summary>The cited entry's title, or null when the reply carries no citation.</summary>
    public static string? CitedTitle(this JsonObject activity) =>
        activity["entities"]?.AsArray().Select(e => e!.AsObject())
            .FirstOrDefault(e => e["@id"]?.GetValue<string>() == "" && e["type"]?.GetValue<string>() == "https://schema.org/Message")
            ?["citation"]?[0]?["appearance"]?["name"]?.GetValue<string>();

    public static bool IsCrisis(this JsonObject activity) =>
        activity.Text().Contains("988", StringComparison.Ordinal) && activity.Text().Contains("911", StringComparison.Ordinal);

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonElement Element(this JsonObject o) => JsonSerializer.SerializeToElement(o);
}
