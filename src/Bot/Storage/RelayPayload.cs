using Bot.DirectLine;

namespace Bot.Storage;

/// <summary>
/// One piece of news between instances, "instance|kind|conversation", the same on LISTEN/NOTIFY and Redis: well under
/// NOTIFY's 8,000-byte limit, as conversation ids are short. Each instance skips its own news.
/// </summary>
public static class RelayPayload
{
    public static string Format(string instance, StreamChange change, string conversationId) =>
        $"{instance}|{(change == StreamChange.Typing ? 't' : 'a')}|{conversationId}";

    public static string PhrasingsChanged(string instance) => $"{instance}|p|";

    /// <summary>Hands news from another instance to the Direct Line or the phrasings listeners.</summary>
    public static void Dispatch(string payload, string instance, Action<StreamChange, string?>? remote, Action? phrasingsChanged)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length != 3 || parts[0] == instance)
        {
            return;
        }
        if (parts[1] == "p")
        {
            phrasingsChanged?.Invoke();
            return;
        }
        remote?.Invoke(parts[1] == "t" ? StreamChange.Typing : StreamChange.Appended, parts[2]);
    }
}
