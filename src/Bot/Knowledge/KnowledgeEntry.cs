using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Knowledge;

/// <summary>One knowledge file: the visitor phrasings that find it and the answer it gives.</summary>
public sealed record KnowledgeEntry(
    string Id,
    string Title,
    IReadOnlyList<string> Questions,
    IReadOnlyList<string> Tags,
    string Source,
    IReadOnlyList<string> Related,
    EntryKind Kind,
    string Answer,
    string File)
{
    /// <summary>Decline entries catch near-topic questions the content cannot answer (price, doses...).</summary>
    public bool IsDecline => Kind is EntryKind.DeclineUnknown or EntryKind.DeclineAdvice;

    /// <summary>The ways a visitor might ask for this entry: its title and its questions, each once.</summary>
    public IEnumerable<string> Phrasings => Questions.Prepend(Title).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The answer with its [1] marker and the matching markdown reference definition (protocol.md §4.2).
    /// Built once, so every answer turn and every transcript that keeps it share one string.
    /// </summary>
    public string CitedAnswer { get; } = $"{Answer.TrimEnd()} [1]\n\n[1]: {Source} \"{Title.Replace("\"", "'")}\"";

    /// <summary>
    /// The schema.org Message entity Web Chat renders as that [1] (protocol.md §4.2): "@id": "" on the root, one
    /// Claim for this entry, its abstract the answer's first sentence in plain text. Built once and immutable, so every reply that cites the entry can carry the same one.
    /// </summary>
    public JsonElement CitationEntity { get; } = Citation(Title, Source, FirstSentence(Answer));

    private static JsonElement Citation(string title, string source, string summary)
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
                    ["name"] = title,
                    ["url"] = source,
                    ["abstract"] = summary,
                },
            }),
        };
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>First sentence of the answer, plain text: the citation's abstract.</summary>
    private static string FirstSentence(string answer)
    {
        var plain = answer.Replace("**", "").Replace("*", "").Replace('\n', ' ').Trim();
        var end = plain.IndexOfAny(['.', '!', '?']);
        var first = end > 0 ? plain[..(end + 1)] : plain;
        return first.Length <= 160 ? first : first[..157] + "...";
    }
}

public enum EntryKind
{
    Answer,
    /// <summary>The content does not cover it: say so, offer the assessment and the phone number.</summary>
    DeclineUnknown,
    /// <summary>Personal medical advice: defer to a clinician.</summary>
    DeclineAdvice,
}

/// <summary>A problem found in a knowledge file, with where it is.</summary>
public sealed record KnowledgeProblem(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

public sealed class KnowledgeException(IReadOnlyList<KnowledgeProblem> problems)
    : Exception("The knowledge folder has problems:\n" + string.Join('\n', problems))
{
    public IReadOnlyList<KnowledgeProblem> Problems { get; } = problems;
}
