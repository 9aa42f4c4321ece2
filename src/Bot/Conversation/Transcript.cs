using System.Text.Json.Serialization;

namespace Bot.Conversation;

public sealed record TranscriptEntry(string From, string Text, DateTimeOffset Timestamp)
{
    // For the state codec: properties set one by one read faster than buffered constructor arguments.
    [JsonConstructor]
    public TranscriptEntry() : this("", "", default)
    {
    }

    public const string Visitor = "visitor";
    public const string Bot = "bot";
}

/// <summary>
/// The bounded transcript kept in conversation state: only what a handoff to staff needs
/// (the last messages, each cut to a sane length), and dropped when a form is cancelled or sent.
/// </summary>
public static class Transcript
{
    public const int MaxEntries = 60;
    public const int MaxEntryLength = 1000;

    public static IReadOnlyList<TranscriptEntry> Record(IReadOnlyList<TranscriptEntry> transcript, Turn turn, DateTimeOffset now)
    {
        var added = new List<TranscriptEntry>(transcript);
        if (turn.Text.Length > 0)
        {
            added.Add(new TranscriptEntry(TranscriptEntry.Visitor, Cut(turn.Text), now));
        }
        foreach (var reply in turn.Replies)
        {
            if (!string.IsNullOrWhiteSpace(reply.Text))
            {
                added.Add(new TranscriptEntry(TranscriptEntry.Bot, Cut(reply.Text), now));
            }
        }
        return added.Count > MaxEntries ? added[^MaxEntries..] : added;
    }

    /// <summary>Forgets everything said since <paramref name="since"/> (a cancelled form leaves nothing behind).</summary>
    public static IReadOnlyList<TranscriptEntry> Before(IReadOnlyList<TranscriptEntry> transcript, DateTimeOffset since) =>
        transcript.Where(e => e.Timestamp < since).ToArray();

    private static string Cut(string text) => text.Length > MaxEntryLength ? text[..MaxEntryLength] + "…" : text;
}
