using System.Text.Json.Nodes;
using Bot.Knowledge;

namespace Bot.Conversation;

/// <summary>
/// The schema.org Message entity Web Chat renders as a citation (protocol.md §4.2): "@id": "" on the root,
/// one Claim per source matched by position to a markdown reference definition in the text.
/// </summary>
public static class Citations
{
    /// <summary>The answer text with its [1] marker and the matching reference definition.</summary>
    public static string AnswerText(KnowledgeEntry entry, string? prefix = null) =>
        prefix is null ? entry.CitedAnswer : prefix + entry.CitedAnswer;

    public static JsonObject Entity(KnowledgeEntry entry) => new()
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
}
