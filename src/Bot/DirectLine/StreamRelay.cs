namespace Bot.DirectLine;

/// <summary>News of a conversation that one instance gives the others.</summary>
public enum StreamChange
{
    /// <summary>Activities were stored: streams read the transcript after their watermark.</summary>
    Appended,

    /// <summary>The bot is typing a reply.</summary>
    Typing,

    /// <summary>The relay lost news for a while (it reconnected): every stream reads its transcript again.</summary>
    Missed,
}

/// <summary>
/// Carries news between instances, so a stream held by one instance hears of replies made on another.
/// One instance needs none (<see cref="LocalStreamRelay"/>); on a shared database it is LISTEN/NOTIFY, or Redis pub/sub when configured.
/// </summary>
public interface IStreamRelay
{
    /// <summary>Raised for each change another instance announces; the conversation is null for <see cref="StreamChange.Missed"/>.</summary>
    event Action<StreamChange, string?>? Remote;

    /// <summary>Tells the other instances, without waiting. Stored activities need no call: the shared store announces them.</summary>
    void Announce(StreamChange change, string conversationId);
}

public sealed class LocalStreamRelay : IStreamRelay
{
    public event Action<StreamChange, string?>? Remote
    {
        add { }
        remove { }
    }

    public void Announce(StreamChange change, string conversationId)
    {
    }
}
