using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Tests.Intake;

/// <summary>What the visitor sees of one bot message: its text, its buttons, and whether it carries a citation.</summary>
public sealed record BotReply(string Text, IReadOnlyList<string> Buttons, bool HasCitation);

/// <summary>One visitor talking to the bot over POST /api/messages with deliveryMode expectReplies, as a channel would.</summary>
public sealed class ChatClient(HttpClient http, string? conversationId = null)
{
    public string ConversationId { get; } = conversationId ?? "intake-" + Guid.NewGuid().ToString("n");

    public Task<IReadOnlyList<BotReply>> SayAsync(string text) => PostAsync(new JsonObject { ["type"] = "message", ["text"] = text });

    /// <summary>What Web Chat sends when the page (re)loads and joins the conversation.</summary>
    public Task<IReadOnlyList<BotReply>> JoinAsync() => PostAsync(new JsonObject { ["type"] = "event", ["name"] = "webchat/join" });

    private async Task<IReadOnlyList<BotReply>> PostAsync(JsonObject activity)
    {
        activity["id"] = Guid.NewGuid().ToString("n");
        activity["channelId"] = "webchat";
        activity["serviceUrl"] = "https://directline.example";
        activity["from"] = new JsonObject { ["id"] = "visitor-1", ["role"] = "user" };
        activity["recipient"] = new JsonObject { ["id"] = "clinic-bot", ["role"] = "bot" };
        activity["conversation"] = new JsonObject { ["id"] = ConversationId };
        activity["deliveryMode"] = "expectReplies";
        using var response = await http.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "message")
            .Select(a => new BotReply(
                a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
                a.TryGetProperty("suggestedActions", out var s)
                    ? s.GetProperty("actions").EnumerateArray().Select(x => x.GetProperty("title").GetString()!).ToArray()
                    : [],
                a.TryGetProperty("entities", out var e) && e.EnumerateArray().Any(x =>
                    x.TryGetProperty("citation", out var c) && c.GetArrayLength() > 0)))
            .ToArray();
    }
}

public static class Transcripts
{
    /// <summary>
    /// Plays a transcript table: "> text" is what the visitor says, "&lt; text" something the bot's replies to it
    /// must contain (case-insensitive), "[Button]" a button they must offer, "!&lt; text" something they must not say.
    /// </summary>
    public static async Task PlayAsync(ChatClient chat, string script)
    {
        IReadOnlyList<BotReply>? replies = null;
        string? said = null;
        foreach (var raw in script.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                said = line[2..];
                replies = await chat.SayAsync(said);
                continue;
            }
            Assert.True(replies is not null, "A transcript must start with what the visitor says.");
            var all = string.Join("\n---\n", replies.Select(r => r.Text));
            var buttons = replies.Count > 0 ? replies[^1].Buttons : [];
            if (line.StartsWith("!< ", StringComparison.Ordinal))
            {
                Assert.False(all.Contains(line[3..], StringComparison.OrdinalIgnoreCase),
                    $"After \"{said}\" the bot should not say \"{line[3..]}\" but said:\n{all}");
            }
            else if (line.StartsWith("< ", StringComparison.Ordinal))
            {
                Assert.True(all.Contains(line[2..], StringComparison.OrdinalIgnoreCase),
                    $"After \"{said}\" expected \"{line[2..]}\" in:\n{all}");
            }
            else if (line.StartsWith('[') && line.EndsWith(']'))
            {
                Assert.True(buttons.Contains(line[1..^1]),
                    $"After \"{said}\" expected button [{line[1..^1]}] in [{string.Join("] [", buttons)}]");
            }
            else
            {
                throw new ArgumentException($"Unknown transcript line: {line}");
            }
        }
    }
}
