using System.Text.Json;
using Bot.Knowledge;
using Bot.Protocol;

namespace Bot.Conversation;

/// <summary>
/// Citations as Web Chat renders them (protocol.md §4.2): the markdown [1] with its reference definition, and the
/// schema.org entity beside it. Both are built once per entry (<see cref="KnowledgeEntry.CitedAnswer"/>,
/// <see cref="KnowledgeEntry.CitationEntity"/>); this reads and combines them.
/// </summary>
public static class Citations
{
    /// <summary>The answer text with its [1] marker and the matching reference definition.</summary>
    public static string AnswerText(KnowledgeEntry entry, string? prefix = null) =>
        prefix is null ? entry.CitedAnswer : prefix + entry.CitedAnswer;

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
}
