namespace Bot.Storage;

/// <summary>Settings beside ConnectionStrings:Redis, which alone turns Redis on.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Starts every key and channel name, so several bots (or test runs) can share one Redis.</summary>
    public string Prefix { get; set; } = "clinic-bot";

    /// <summary>
    /// How long a command may wait before the caller falls back: short, because a rate limit check sits in front of
    /// every request and a stalled Redis must not stall visitors.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
}
