using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bot.Tests.Infrastructure;

/// <summary>
/// The bot as its own process on a loopback port: the JIT build beside the tests or the published native binary
/// (what a clinic deploys). For what only a real process shows: signals, restarts, several instances.
/// Also compiled into Bot.BrowserTests (linked), so it uses nothing else from this project.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly bool ownsDataPath;

    private BotProcess(Process process, int port, string dataPath, bool ownsDataPath)
    {
        Process = process;
        Port = port;
        DataPath = dataPath;
        this.ownsDataPath = ownsDataPath;
        Address = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static string RepoRoot { get; } = Bot.AppPaths.ContentRoot();

    /// <summary>The sentence model, static table and entry vectors, built once per machine by ./test.sh; a fresh data folder must not distil them again.</summary>
    public static string SemanticCachePath { get; } = Path.Combine(Path.GetTempPath(), "bot-tests-semantic");

    /// <summary>The published native binary; ./test.sh publishes it and names it in BOT_TEST_NATIVE.</summary>
    public static string NativeBinary { get; } = Environment.GetEnvironmentVariable("BOT_TEST_NATIVE") is { Length: > 0 } path
        ? path
        : Path.Combine(RepoRoot, "src", "Bot", "bin", "native", "Bot");

    public static string[] NativeCommand => [NativeBinary];

    /// <summary>The JIT build copied beside the test assembly.</summary>
    public static string[] JitCommand => ["dotnet", Path.Combine(AppContext.BaseDirectory, "Bot.dll")];

    public Process Process { get; }

    public int Port { get; }

    public Uri Address { get; }

    public string DataPath { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> with these settings (as environment variables, ':' as '__'). Without a
    /// <paramref name="dataPath"/> it gets a fresh data folder of its own, deleted on dispose.
    /// </summary>
    public static BotProcess Start(string[] command, IEnumerable<KeyValuePair<string, string?>> settings, string? dataPath = null, int? port = null)
    {
        if (command[0] == NativeBinary)
        {
            Assert.True(File.Exists(NativeBinary), $"The native build is missing at {NativeBinary}: run ./test.sh, which publishes it (or set BOT_TEST_NATIVE).");
        }
        var chosenPort = port ?? FreePort();
        var ownsDataPath = dataPath is null;
        dataPath ??= Path.Combine(Path.GetTempPath(), "bot-tests", "process-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dataPath);
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        var env = start.Environment;
        env["BOT_CONTENT_ROOT"] = RepoRoot;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{chosenPort}";
        env["Knowledge__WatchForChanges"] = "false";
        env["Retrieval__Semantic__CachePath"] = SemanticCachePath;
        env["Storage__DataPath"] = dataPath;
        foreach (var (key, value) in settings)
        {
            env[key.Replace(":", "__")] = value;
        }
        var bot = new BotProcess(Process.Start(start)!, chosenPort, dataPath, ownsDataPath);
        bot.Process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        bot.Process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        bot.Process.BeginOutputReadLine();
        bot.Process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Until /readyz says the index, the model and the database are ready (what a load balancer waits for).</summary>
    public async Task WaitUntilReadyAsync(string path = "/readyz", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(Process.HasExited, $"The bot process exited at start-up with code {(Process.HasExited ? Process.ExitCode : 0)}:\n{Output}");
            try
            {
                if ((await probe.GetAsync(path)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or one slow answer while the machine's two cores are busy: poll again.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The bot process was not ready within {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds} s:\n{Output}");
    }

    /// <summary>SIGTERM, what systemd and containers send to stop a service.</summary>
    public void Terminate() => System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString()])!.WaitForExit();

    /// <summary>SIGKILL: the process dies with no chance to finish anything, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        await Process.WaitForExitAsync();
    }

    public static int FreePort() => FreePorts(1)[0];

    /// <summary>Distinct free loopback ports: all held open until all are chosen, so none is handed out twice.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
        Http.Dispose();
        if (ownsDataPath)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
