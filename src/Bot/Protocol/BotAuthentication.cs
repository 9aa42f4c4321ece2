using System.Net;
using Microsoft.Extensions.Options;

namespace Bot.Protocol;

/// <summary>
/// Who may post to /api/messages. With Bot:MicrosoftAppId set: the Bot Framework channel, proved by its JWT
/// (checked before the body is read, then against the activity). Without: callers on this machine only, unless
/// Bot:AllowAnonymous says otherwise.
/// </summary>
public sealed class BotAuthentication(ChannelTokenValidator validator, IOptions<BotOptions> options, ILogger<BotAuthentication> logger)
{
    /// <summary>A refusal to send back, or null to go on; <paramref name="token"/> is then set when a channel token is required.</summary>
    public async Task<(IResult? Refusal, ChannelToken? Token)> CheckCallerAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.RequiresChannelToken)
        {
            var token = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, cancellationToken);
            return token is null ? (Unauthorized(http), null) : (null, token);
        }
        if (o.AllowAnonymous || IsLocal(http.Connection.RemoteIpAddress))
        {
            return (null, null);
        }
        logger.LogWarning("/api/messages refused for {Address}: no Bot:MicrosoftAppId, and anonymous callers are only served on loopback", http.Connection.RemoteIpAddress);
        return (Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Channel authentication is not configured",
            detail: "Without Bot:MicrosoftAppId this endpoint serves only callers on this machine. Register the bot with Azure Bot Service "
                + "and set Bot:MicrosoftAppId and Bot:MicrosoftAppPassword, or set Bot:AllowAnonymous=true to serve anyone without authentication. "
                + "The website chat uses Direct Line (/v3/directline) and needs neither."), null);
    }

    /// <summary>A refusal when the activity is not what the token vouches for (channel endorsement, service URL).</summary>
    public IResult? CheckActivity(HttpContext http, ChannelToken? token, Activity activity)
    {
        if (token is null || token.Admits(activity))
        {
            return null;
        }
        logger.LogInformation("Channel token refused: channel {ChannelId} not endorsed by its key or service URL not the token's", activity.ChannelId);
        return Unauthorized(http);
    }

    // Null is not local: Kestrel on a Unix socket reports no address, and a proxy there may be relaying anyone.
    private static bool IsLocal(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "A valid Bot Framework channel token is required (Authorization: Bearer ...).");
    }
}
