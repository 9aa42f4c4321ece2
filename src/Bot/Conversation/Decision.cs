using System.Text.Json;

namespace Bot.Conversation;

/// <summary>One message the bot says: its text, its buttons, and the citation entity of a knowledge answer.</summary>
public sealed record Reply(string Text, IReadOnlyList<string>? Buttons = null, JsonElement? Entity = null);

/// <summary>
/// What a dialog decided for one message: the conversation state to save, what to say, and (for knowledge
/// replies) how the message was handled. Dialogs return it; only the turn handler applies it to the turn.
/// </summary>
public sealed record Decision(ConversationState State, IReadOnlyList<Reply> Replies, TurnOutcome? Outcome = null);
