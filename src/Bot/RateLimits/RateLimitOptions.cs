namespace Bot.RateLimits;

/// <summary>
/// Limits on every public endpoint, per client address (after forwarded headers) and, for posted messages, per
/// conversation. The defaults sit far above what one person typing can reach and well below what a script sends.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>False only for loopback load tests, whose whole load comes from one address.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Posts per minute from one address: /api/messages and Direct Line's activities, conversation starts and token refreshes.</summary>
    public int MessagesPerMinutePerAddress { get; set; } = 60;

    /// <summary>Messages per minute in one conversation (a person types a few a minute).</summary>
    public int MessagesPerMinutePerConversation { get; set; } = 20;

    /// <summary>New chat and Direct Line tokens per minute from one address.</summary>
    public int TokensPerMinutePerAddress { get; set; } = 20;

    /// <summary>Staff sign-in and setup posts per minute from one address (each costs a slow password hash).</summary>
    public int SignInsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Any request at all from one address: a backstop for the routes with no limit of their own.</summary>
    public int RequestsPerMinutePerAddress { get; set; } = 600;

    /// <summary>Staff API calls per minute from one address.</summary>
    public int StaffApiPerMinutePerAddress { get; set; } = 120;
}
