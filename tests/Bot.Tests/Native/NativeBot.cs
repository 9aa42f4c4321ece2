using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Native;

/// <summary>
/// The natively compiled bot (`dotnet publish -p:PublishAot=true`, what bench/ measures and a clinic can deploy)
/// as its own process on a loopback port. Trimming and ahead-of-time compilation remove what nothing refers to,
/// so reflection that works in the JIT build can fail only here: these tests run the same paths through it.
/// ./test.sh publishes it while the other tests run and names it in BOT_TEST_NATIVE; a test class that starts it
/// carries [Trait("Needs", "NativeBuild")] and runs after the publish.
/// </summary>
public sealed class NativeBot : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private NativeBot(Process process, string url, string dataPath, HttpMessageHandler handler)
    {
        this.process = process;
        Url = url;
        DataPath = dataPath;
        Handler = handler;
        Http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static string Binary { get; } = Environment.GetEnvironmentVariable("BOT_TEST_NATIVE") is { Length: > 0 } path
        ? path
        : Path.Combine(BotApplication.RepoRoot, "src", "Bot", "bin", "native", "Bot");

    public string Url { get; }

    public string DataPath { get; }

    public HttpClient Http { get; }

    /// <summary>Trusts this bot's own certificate when it serves HTTPS; share it for more clients.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>Everything the process has written to stdout and stderr so far.</summary>
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

    /// <summary>The JIT build (`dotnet build` output) run the same way, for tests of what a process prints or sends.</summary>
    public static string[] JitCommand { get; } = ["dotnet", Path.Combine(BotApplication.RepoRoot, "src", "Bot", "bin", "Release", "net10.0", "Bot.dll")];

    /// <summary>
    /// Starts the binary with these settings (as environment variables) and waits until it is healthy. With
    /// <paramref name="https"/> Kestrel serves HTTPS itself, with a certificate made for this run. <paramref name="command"/>
    /// runs something else the same way (<see cref="JitCommand"/>).
    /// </summary>
    public static async Task<NativeBot> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool https = false, string[]? command = null)
    {
        Assert.True(command is not null || File.Exists(Binary), $"The native build is missing at {Binary}: run ./test.sh, which publishes it (or set BOT_TEST_NATIVE).");
        var port = HandoffTestKit.FreePort();
        var url = $"{(https ? "https" : "http")}://127.0.0.1:{port}";
        var dataPath = Path.Combine(Path.GetTempPath(), "bot-tests", "native-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dataPath);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() };
        var psi = new ProcessStartInfo(command?[0] ?? Binary, command?[1..] ?? [])
        {
            WorkingDirectory = BotApplication.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["Urls"] = url;
        psi.Environment["Storage__DataPath"] = dataPath;
        psi.Environment["Knowledge__WatchForChanges"] = "false";
        psi.Environment["Retrieval__Semantic__CachePath"] = BotApplication.SemanticCachePath;
        if (https)
        {
            using var certificate = SelfSignedCertificate();
            var pfx = Path.Combine(dataPath, "kestrel.pfx");
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "native-test"));
            psi.Environment["Kestrel__Certificates__Default__Path"] = pfx;
            psi.Environment["Kestrel__Certificates__Default__Password"] = "native-test";
            var thumbprint = certificate.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is X509Certificate2 c && c.Thumbprint == thumbprint;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            psi.Environment[key.Replace(":", "__")] = value;
        }
        var bot = new NativeBot(Process.Start(psi)!, url, dataPath, handler);
        bot.process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        bot.process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        await bot.WaitUntilHealthyAsync();
        return bot;
    }

    /// <summary>Until /health says Healthy: the index is built and the sentence model has loaded.</summary>
    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"The native bot exited with code {(process.HasExited ? process.ExitCode : 0)}:\n{Output}");
            try
            {
                if (await Http.GetStringAsync("/health") == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        Assert.Fail($"The native bot was not healthy within 90 s:\n{Output}");
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Handler.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
