using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Bot;

/// <summary>
/// The proxies whose X-Forwarded-For and X-Forwarded-Proto the app believes, beyond ASP.NET Core's loopback default:
/// `ForwardedHeaders:KnownProxies` (addresses) and `ForwardedHeaders:KnownNetworks` (CIDR), for nginx on another machine.
/// </summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks)
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Null, after one line on stderr naming the setting, when a value is not an address or network.</summary>
    public static TrustedProxies? Read(IConfiguration configuration)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var value in configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [])
        {
            if (!IPAddress.TryParse(value, out var address))
            {
                Console.Error.WriteLine($"Configuration problem: {Section}:KnownProxies has \"{value}\", which is not an IP address.");
                return null;
            }
            proxies.Add(address);
        }
        foreach (var value in configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [])
        {
            if (!System.Net.IPNetwork.TryParse(value, out var network))
            {
                Console.Error.WriteLine($"Configuration problem: {Section}:KnownNetworks has \"{value}\", which is not a network such as 10.0.0.0/8.");
                return null;
            }
            networks.Add(network);
        }
        return new TrustedProxies(proxies, networks);
    }

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        foreach (var proxy in Proxies)
        {
            options.KnownProxies.Add(proxy);
        }
        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }
}
