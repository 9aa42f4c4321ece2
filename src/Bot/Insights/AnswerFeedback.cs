using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Conversation;
using Bot.DirectLine;
using Bot.Knowledge;

namespace Bot.Insights;

/// <summary>A cited answer the visitor was shown, remembered in the conversation state until it is voted on.</summary>
public sealed record AnswerShown(int Number, string Question, string EntryId, double? Score, bool FollowedUp = false);

/// <summary>What <see cref="AnswerFeedback.Offer"/> decided: reply number <paramref name="At"/> becomes <paramref name="Reply"/>, and the state remembers the answer.</summary>
public sealed record VotesOffered(int At, Protocol.Activity Reply, ConversationState State);

/// <summary>
/// "Did this help?" on every cited answer. Web Chat 4.18 draws thumbs for LikeAction/DislikeAction in the
/// message entity's potentialAction and, on a click, posts an event named webchat:activity-status/feedback
/// whose entities hold the clicked action; other channels get a "Not helpful" button. A "not helpful" vote gets
/// one follow-up: the next-best topics, or the free assessment.
/// </summary>
public sealed class AnswerFeedback(KnowledgeIndex index, Retriever retriever, Replies replies, InsightsRecorder recorder, TimeProvider time)
{
    public const string WebChatEvent = "webchat:activity-status/feedback";
    private const int Remembered = 5;

    private readonly ConcurrentDictionary<string, JsonElement> _entities = new(StringComparer.Ordinal);
    private int _generation;

    /// <summary>
    /// This turn's cited answer with the vote controls added, and the state that remembers it; null when the turn
    /// cited nothing. The turn handler swaps the reply in and keeps the state.
    /// </summary>
    public VotesOffered? Offer(Turn turn)
    {
        if (turn.Outcome is not { Kind: TurnKind.Answered or TurnKind.Advice, EntryId: { } entryId } outcome)
        {
            return null;
        }
        var at = turn.Replies.FindLastIndex(r => r.Entities is [_, ..]);
        if (at < 0)
        {
            return null;
        }
        if (index.Generation != _generation)
        {
            // An edited entry cites a new title or abstract.
            _entities.Clear();
            _generation = index.Generation;
        }
        var reply = turn.Replies[at];
        var actions = reply.SuggestedActions?.Actions ?? [];
        // Web Chat draws its own thumbs; a channel without them gets a button instead.
        if (turn.Incoming.ChannelId != DirectLineConversations.ChannelId)
        {
            actions = [.. actions, new Protocol.CardAction("imBack", Replies.NotHelpful, Replies.NotHelpful)];
        }
        var withVotes = reply with
        {
            Entities = [WithVotes(reply.Entities![0], entryId), .. reply.Entities.Skip(1)],
            SuggestedActions = actions.Count > 0 ? new Protocol.SuggestedActions(actions) : null,
        };
        var recent = turn.State.RecentAnswers;
        var shown = new AnswerShown(recent.Count > 0 ? recent[^1].Number + 1 : 1, turn.Text, entryId, outcome.Score);
        return new VotesOffered(at, withVotes, turn.State with { RecentAnswers = [.. recent.TakeLast(Remembered - 1), shown] });
    }

    /// <summary>The typed or clicked "Not helpful" after an answer; null for any other message.</summary>
    public Decision? NotHelpful(Turn turn)
    {
        if (!turn.Text.TrimEnd('.', '!').Equals(Replies.NotHelpful, StringComparison.OrdinalIgnoreCase)
            || turn.State.RecentAnswers is not [.., var last])
        {
            return null;
        }
        return Vote(turn, last, helpful: false) with { Outcome = new TurnOutcome(TurnKind.SmallTalk) };
    }

    /// <summary>Web Chat's feedback event: the clicked LikeAction or DislikeAction names the entry it was on; null if it names none shown.</summary>
    public Decision? Receive(Turn turn)
    {
        if (turn.Incoming.Entities is not [var action, ..] || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("@type", out var type) || type.GetString() is not ("LikeAction" or "DislikeAction")
            || !action.TryGetProperty("object", out var target) || target.ValueKind != JsonValueKind.Object
            || !target.TryGetProperty("identifier", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var entryId = id.GetString();
        return turn.State.RecentAnswers.LastOrDefault(a => a.EntryId == entryId) is { } shown
            ? Vote(turn, shown, helpful: type.GetString() == "LikeAction")
            : null;
    }

    /// <summary>Queues the vote for the insights store; a first "not helpful" on an answer also gets its follow-up.</summary>
    private Decision Vote(Turn turn, AnswerShown shown, bool helpful)
    {
        var conversationId = turn.Incoming.Conversation!.Id!;
        recorder.Vote(new VoteRecorded(time.GetUtcNow(), conversationId, $"{conversationId}#{shown.Number}", shown.EntryId, shown.Question, shown.Score, helpful));
        if (helpful || shown.FollowedUp)
        {
            return new Decision(turn.State, []);
        }
        var topics = retriever.Retrieve(shown.Question).Hits
            .Select(h => h.Entry)
            .Where(e => e.Id != shown.EntryId && !e.IsDecline && e.Id != "free-assessment")
            .Take(2).Select(e => e.Title).ToList();
        var followUp = topics.Count > 0
            ? new Reply(replies.NotHelpfulTopics, [.. topics, Replies.BookAssessment])
            : new Reply(replies.NotHelpfulAssessment, [Replies.BookAssessment]);
        var state = turn.State with
        {
            RecentAnswers = turn.State.RecentAnswers.Select(a => a == shown ? a with { FollowedUp = true } : a).ToList(),
            Misses = 0,
            Suggestions = [],
        };
        return new Decision(state, [followUp]);
    }

    /// <summary>The citation entity with a like and a dislike that name the entry; built once per entry.</summary>
    private JsonElement WithVotes(JsonElement entity, string entryId) => _entities.GetOrAdd(entryId, static (id, e) =>
    {
        var node = JsonNode.Parse(e.GetRawText())!.AsObject();
        node["potentialAction"] = new JsonArray(Action("LikeAction", id), Action("DislikeAction", id));
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();

        static JsonObject Action(string type, string id) => new()
        {
            ["@type"] = type,
            ["object"] = new JsonObject { ["@type"] = "Thing", ["identifier"] = id },
        };
    }, entity);
}
