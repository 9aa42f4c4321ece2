using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bot.Tests.Infrastructure;

/// <summary>
/// Debian's nginx running deploy/nginx/clinic-bot.conf exactly as shipped, on free loopback ports, with a
/// certificate openssl makes for this run. Only the per-machine includes (clinic-bot/*.conf) and the main
/// nginx.conf around the site are written here, as an operator would. Also compiled into Bot.BrowserTests.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;

    private NginxProxy(Process process, string folder, int httpsPort, int httpPort, X509Certificate2 certificate)
    {
        this.process = process;
        this.folder = folder;
        HttpsUrl = $"https://127.0.0.1:{httpsPort}";
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        Certificate = certificate;
    }

    public static string SiteFile { get; } = Path.Combine(BotProcess.RepoRoot, "deploy", "nginx", "clinic-bot.conf");

    public string HttpsUrl { get; }

    public string HttpUrl { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>Which instance served each request ("METHOD path status upstream"), from the access log.</summary>
    public string[] AccessLog => File.Exists(Path.Combine(folder, "access.log")) ? File.ReadAllLines(Path.Combine(folder, "access.log")) : [];

    public string ErrorLog => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "";

    /// <summary>Accepts this run's self-signed certificate and nothing else.</summary>
    public bool Trusts(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => Trusts(c) },
    })
    {
        BaseAddress = new Uri(HttpsUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<NginxProxy> StartAsync(IEnumerable<Uri> upstreams, int httpsPort, int httpPort)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        Assert.True(nginx is not null, "nginx is missing: scripts/services.sh install (run by ./test.sh) installs Debian's nginx-light.");
        Assert.True(File.Exists(SiteFile), $"The nginx site is missing at {SiteFile}.");
        Assert.True(File.Exists("/usr/bin/openssl"), "openssl is missing: scripts/services.sh install (run by ./test.sh) installs it.");
        var folder = Path.Combine(Path.GetTempPath(), "bot-tests", "nginx-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(folder, "clinic-bot"));
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", Path.Combine(folder, "key.pem"), "-out", Path.Combine(folder, "cert.pem"));
        // The three files an operator edits (deploy/nginx/clinic-bot/ holds the examples).
        File.WriteAllLines(Path.Combine(folder, "clinic-bot", "upstreams.conf"),
            upstreams.Select(u => $"server {u.Host}:{u.Port} max_fails=1 fail_timeout=10s;"));
        File.WriteAllText(Path.Combine(folder, "clinic-bot", "tls.conf"), $"""
            listen 127.0.0.1:{httpsPort} ssl;
            server_name 127.0.0.1;
            ssl_certificate {folder}/cert.pem;
            ssl_certificate_key {folder}/key.pem;
            """);
        File.WriteAllText(Path.Combine(folder, "clinic-bot", "http.conf"), $"listen 127.0.0.1:{httpPort};\nserver_name 127.0.0.1;\n");
        // In the foreground (daemon off) so this process owns it; everything it writes stays in the folder.
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                log_format upstream '$request_method $uri $status $upstream_addr';
                access_log {{folder}}/access.log upstream;
                client_body_temp_path {{folder}}/temp/body;
                proxy_temp_path {{folder}}/temp/proxy;
                fastcgi_temp_path {{folder}}/temp/fastcgi;
                uwsgi_temp_path {{folder}}/temp/uwsgi;
                scgi_temp_path {{folder}}/temp/scgi;
                include {{SiteFile}};
            }
            """);
        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        var start = new ProcessStartInfo(nginx!, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "cert.pem"));
        var proxy = new NginxProxy(Process.Start(start)!, folder, httpsPort, httpPort, certificate);
        proxy.process.OutputDataReceived += (_, _) => { };
        proxy.process.ErrorDataReceived += (_, _) => { };
        proxy.process.BeginOutputReadLine();
        proxy.process.BeginErrorReadLine();
        try
        {
            await proxy.WaitUntilListeningAsync();
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until the HTTPS port accepts connections. Not a request: one sent before the instances are up would
    /// mark them down for fail_timeout, and the first visitors would get 502s.</summary>
    private async Task WaitUntilListeningAsync()
    {
        var port = new Uri(HttpsUrl).Port;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"nginx exited at start-up:\n{ErrorLog}");
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
            await Task.Delay(50);
        }
        Assert.Fail($"nginx did not listen within 15 s:\n{ErrorLog}");
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var run = Process.Start(start)!;
        var error = run.StandardError.ReadToEndAsync();
        await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, $"{file} failed: {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM: the master stops its workers too (killing only the master would leave them running).
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
