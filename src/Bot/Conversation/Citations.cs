using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Knowledge;
using Bot.Protocol;

namespace Bot.Conversation;

/// <summary>
/// The schema.org Message entity Web Chat renders as a citation (protocol.md §4.2): "@id": "" on the root,
/// one Claim per source matched by position to a markdown reference definition in the text.
/// </summary>
public static class Citations
{
    // Built once per entry, not per answer: an entry never changes (a rebuilt index brings new entries, and the
    // old ones' entities go with them), and an immutable JsonElement can go out in any number of replies at once.
    private static readonly ConditionalWeakTable<KnowledgeEntry, StrongBox<JsonElement>> Built = [];

    /// <summary>The answer text with its [1] marker and the matching reference definition.</summary>
    public static string AnswerText(KnowledgeEntry entry, string? prefix = null) =>
        prefix is null ? entry.CitedAnswer : prefix + entry.CitedAnswer;

    public static JsonElement Entity(KnowledgeEntry entry) =>
        Built.GetValue(entry, static e => new StrongBox<JsonElement>(Build(e))).Value;

    /// <summary>The first claim's document (name, url) of a reply, if it cites one.</summary>
    public static (string Name, string Url)? Cited(Activity reply)
    {
        if (reply.Entities is not [var entity, ..]
            || !entity.TryGetProperty("citation", out var citation) || citation.ValueKind != JsonValueKind.Array
            || citation.GetArrayLength() == 0 || !citation[0].TryGetProperty("appearance", out var document))
        {
            return null;
        }
        return (Text(document, "name"), Text(document, "url"));

        static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    }

    private static JsonElement Build(KnowledgeEntry entry)
    {
        var node = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["citation"] = new JsonArray(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = 1,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = entry.Title,
                    ["url"] = entry.Source,
                    ["abstract"] = entry.Abstract,
                },
            }),
        };
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
