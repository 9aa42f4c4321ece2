using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Scaling;

/// <summary>
/// What deploy/README.md describes: two instances of the published native binary, each its own process and data
/// folder, on one fresh PostgreSQL database, behind nginx (round-robin) with deploy/nginx/clinic-bot.conf.
/// Also compiled into Bot.BrowserTests, so it uses only the linked infrastructure files.
/// </summary>
public sealed class TwoInstancesBehindNginx : IAsyncDisposable
{
    public const string DirectLineSecret = "cluster-secret-0123456789";

    private readonly PostgresDatabases databases = new();
    private readonly Dictionary<string, string?> settings;

    private TwoInstancesBehindNginx(Dictionary<string, string?> settings) => this.settings = settings;

    public BotProcess[] Instances { get; } = new BotProcess[2];

    public NginxProxy Nginx { get; private set; } = null!;

    /// <summary>Settings every instance shares (the storage ones included): a sibling in this process can use them too.</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    public static async Task<TwoInstancesBehindNginx> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var cluster = new TwoInstancesBehindNginx(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            // The same secret on every instance, as the operator's environment file sets it.
            ["DirectLine:Secret"] = DirectLineSecret,
            // Every test request comes from one loopback address; per-address limits are not under test here.
            ["RateLimits:Enabled"] = "false",
        });
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            cluster.settings[key] = value;
        }
        try
        {
            await cluster.StartProcessesAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync()
    {
        settings["ConnectionStrings:Bot"] = await databases.CreateAsync();
        // Both at once, as two units do at boot: the schema and the key ring must come out right either way.
        var ports = BotProcess.FreePorts(4);
        Instances[0] = BotProcess.Start(BotProcess.NativeCommand, settings, port: ports[0]);
        Instances[1] = BotProcess.Start(BotProcess.NativeCommand, settings, port: ports[1]);
        Nginx = await NginxProxy.StartAsync(Instances.Select(i => i.Address), ports[2], ports[3]);
        await Task.WhenAll(Instances.Select(i => i.WaitUntilReadyAsync()));
    }

    /// <summary>What nginx and the instances logged, for a failure message.</summary>
    public string Diagnostics() =>
        $"nginx error log:\n{Nginx?.ErrorLog}\nnginx access log:\n{string.Join("\n", Nginx?.AccessLog.TakeLast(30) ?? [])}\n"
        + string.Join("\n", Instances.Where(i => i is not null).Select((i, n) =>
            $"instance {n} (port {i.Port}, {(i.Process.HasExited ? "exited " + i.Process.ExitCode : "running")}):\n{string.Join("\n", i.Output.Split('\n').TakeLast(40))}"));

    /// <summary>Starts instance <paramref name="index"/> again on its old port, as systemd's Restart=on-failure would.</summary>
    public async Task RestartAsync(int index)
    {
        var old = Instances[index];
        await old.DisposeAsync();
        Instances[index] = BotProcess.Start(BotProcess.NativeCommand, settings, port: old.Port);
        await Instances[index].WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }
        foreach (var instance in Instances.Where(i => i is not null))
        {
            await instance.DisposeAsync();
        }
        await databases.DisposeAsync();
    }
}
