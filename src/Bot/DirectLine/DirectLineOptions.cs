namespace Bot.DirectLine;

public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>The site's Direct Line secret for server-to-server calls; generated into the data folder when empty.</summary>
    public string? Secret { get; set; }

    /// <summary>Other websites that may call the Direct Line API from a browser, frame the chat page and open its WebSocket.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>directlinejs refreshes every 15 minutes, so a token must live longer than that (Azure: 1800 s).</summary>
    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>How long an idle conversation's transcript is kept.</summary>
    public TimeSpan TranscriptTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Empty WebSocket frames keep proxies from closing an idle stream.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
