using Bot;
using Microsoft.AspNetCore.HttpOverrides;
using Bot.DirectLine;
using Bot.Insights;
using Bot.Knowledge;
using Bot.Protocol;
using Bot.RateLimits;
using Bot.Staff;
using Bot.Telemetry;
using Bot.WebChat;

if (await CommandLine.TryRunAsync(args) is int exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = AppPaths.HostArgs(args), ContentRootPath = AppPaths.ContentRoot() });
// The slim builder leaves out IIS and HTTP/3 (QUIC), which a Linux service behind a proxy never uses; HTTPS
// endpoints in Kestrel configuration still work.
builder.WebHost.UseKestrelHttpsConfiguration();
try
{
    builder.AddRateLimits();
    builder.AddTurnPipeline();
    builder.AddStaff();
    builder.AddDirectLine();
    builder.AddWebChat();
    builder.AddInsights();
    builder.AddTelemetry();
}
catch (KnowledgeException ex)
{
    // A broken knowledge file is an editing mistake: say where, without a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A setting that must be read while the services are registered (a certificate file, say).
    return await ConfigurationProblemAsync(ex);
}

// Hosted services start side by side: the server binds, the data-protection keys load and the outbox starts
// while the knowledge index and sentence model finish (turns wait for KnowledgeReadiness).
builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

// Behind the clinic's TLS proxy, the original scheme and client address count: a proxy on this machine by default,
// others when named (ForwardedHeaders:KnownProxies, KnownNetworks), read now so a mistyped address stops start-up.
if (TrustedProxies.Read(builder.Configuration) is not { } trusted)
{
    return 1;
}
builder.Services.Configure<ForwardedHeadersOptions>(o =>
{
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    trusted.ApplyTo(o);
});

var app = builder.Build();
try
{
    // The settings' own checks (ValidateOnStart), run here rather than inside the host's start, which would log
    // the failure with a stack trace: a mistyped setting is an editing mistake, like a broken knowledge file.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    return await ConfigurationProblemAsync(ex);
}
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebChat();
app.UseRateLimiter();
app.UseDirectLine();
app.MapBotMessages();
app.MapStaff();
app.MapHealth();
app.MapTelemetry();
app.MapDirectLine();
app.MapWebChat();
app.MapInsights();
app.Run();
return 0;

// One plain line naming the setting, exit 1: what every settings failure at start-up prints.
static async Task<int> ConfigurationProblemAsync(Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"Configuration problem: {string.Join(" ", ex.Failures)}");
    return 1;
}
