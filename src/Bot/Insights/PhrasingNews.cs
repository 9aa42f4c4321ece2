namespace Bot.Insights;

/// <summary>"Phrasings changed" between instances, on whichever channel carries their Direct Line news.</summary>
public interface IPhrasingNews
{
    /// <summary>Another instance attached a phrasing, or news may have been lost (a reconnect).</summary>
    event Action? PhrasingsChanged;

    Task AnnouncePhrasingsChangedAsync();
}
