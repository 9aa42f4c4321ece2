namespace Bot.Protocol;

public sealed class BotOptions
{
    public const string Section = "Bot";

    public string Id { get; set; } = "clinic-bot";

    public string Name { get; set; } = "Clinic assistant";

    /// <summary>Largest accepted /api/messages body; larger gets 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Base URLs the bot may POST replies to (normal delivery mode). Anything else is dropped, so an
    /// activity cannot make the bot call an arbitrary address.
    /// </summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>
    /// The Azure Bot registration's app id. When set, every /api/messages call must carry the channel's JWT and
    /// replies carry the bot's own token; when empty, only loopback callers are served (see <see cref="AllowAnonymous"/>).
    /// </summary>
    public string MicrosoftAppId { get; set; } = "";

    /// <summary>The registration's client secret, for the bot's own token on replies. Required with an app id.</summary>
    public string MicrosoftAppPassword { get; set; } = "";

    /// <summary>Where the channel's signing keys are listed (its jwks_uri; keys carry the channels they endorse).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OAuth client-credentials endpoint that issues the bot's token for replies.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    /// <summary>
    /// Without an app id, serve /api/messages to callers that are not on this machine too. Off by default: an
    /// unauthenticated endpoint on a public address would let anyone drive conversations.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public bool RequiresChannelToken => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
