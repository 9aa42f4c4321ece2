using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bot.BrowserTests;

/// <summary>
/// The real app on a Kestrel loopback port plus Debian's Chromium driven by Playwright (no browser download).
/// One per test: its own data folder, its own conversation store.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "bot-browser-tests", Guid.NewGuid().ToString("n"));
    private IPlaywright? playwright;

    private readonly bool withStaffAccount;

    /// <param name="withStaffAccount">false: no staff account configured, so the inbox offers its first-run setup.</param>
    public BrowserApp(bool withStaffAccount = true)
    {
        this.withStaffAccount = withStaffAccount;
        // Plain HTTP for the chat; HTTPS (self-signed) for the staff inbox, whose __Host- cookies need it.
        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate()));
        });
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        SecureUrl = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/');
    }

    public string BaseUrl { get; }

    /// <summary>The same app over HTTPS with a self-signed certificate (pages opened with <c>secure: true</c> accept it).</summary>
    public string SecureUrl { get; }

    /// <summary>The staff account the inbox signs in with (configured like a real deployment, under Staff:Users).</summary>
    public const string StaffUser = "nurse";
    public const string StaffPassword = "correct horse battery";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots go here when BOT_SCREENSHOT_DIR is set (docs/ holds the committed ones).</summary>
    public static string? ScreenshotDir => Environment.GetEnvironmentVariable("BOT_SCREENSHOT_DIR") is { Length: > 0 } dir ? dir : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataPath", dataPath);
        builder.UseSetting("Knowledge:WatchForChanges", "false");
        // The model copy, static table and vectors ./test.sh builds once: without it every app here distilled its own
        // (20-35 s a start, most of this suite's time).
        builder.UseSetting("Retrieval:Semantic:CachePath", Path.Combine(Path.GetTempPath(), "bot-tests-semantic"));
        if (withStaffAccount)
        {
            builder.UseSetting("Staff:Users:0:UserName", StaffUser);
            // Few iterations: the hash format is the real one, the test just doesn't need 600,000 rounds.
            builder.UseSetting("Staff:Users:0:PasswordHash", Bot.Staff.PasswordHash.Create(StaffPassword, 1_000));
        }
    }

    public static async Task<BrowserApp> StartAsync(bool withStaffAccount = true)
    {
        var app = new BrowserApp(withStaffAccount);
        app.playwright = await Playwright.CreateAsync();
        app.Browser = await LaunchChromiumAsync(app.playwright);
        return app;
    }

    /// <summary>Debian's Chromium (BOT_TEST_CHROMIUM), headless; no browser download.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BOT_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

    /// <summary>A page that fails the test on any console error (a CSP violation shows up there) or any request leaving loopback.</summary>
    /// <remarks>Browser zoom is emulated as a smaller CSS viewport at a higher <paramref name="scale"/> (1280x800 at 200% = 640x400, scale 2).</remarks>
    public Task<(IPage Page, List<string> Problems)> NewPageAsync(int width = 420, int height = 760, bool secure = false, float scale = 1) =>
        NewPageAsync(Browser, width, height, secure, scale);

    public static async Task<(IPage Page, List<string> Problems)> NewPageAsync(IBrowser browser, int width = 420, int height = 760, bool secure = false, float scale = 1)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = scale,
            IgnoreHTTPSErrors = secure,
        });
        var page = await context.NewPageAsync();
        // The unit tests run beside these on two cores in CI; loading the 3.9 MB Web Chat bundle once took over 30 s there.
        page.SetDefaultNavigationTimeout(90_000);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Request += (_, request) =>
        {
            if (!new[] { "http://127.0.0.1", "https://127.0.0.1", "ws://127.0.0.1", "wss://127.0.0.1", "data:", "blob:" }
                .Any(allowed => request.Url.StartsWith(allowed, StringComparison.Ordinal)))
            {
                problems.Add("left loopback: " + request.Url);
            }
        };
        return (page, problems);
    }

    /// <summary>The open widget's chat frame once its page has loaded.</summary>
    /// <remarks>The frame's load (the 3.9 MB Web Chat bundle) gets the pages' navigation budget: in CI, with the unit tests
    /// beside these on two cores, it once took over 45 s and left the welcome no time.</remarks>
    public static async Task<IFrame> WidgetFrameAsync(IPage page)
    {
        var element = await page.Locator("#clinic-chat-panel iframe").ElementHandleAsync();
        var chat = (await element.ContentFrameAsync())!;
        await chat.WaitForURLAsync(url => url.Contains("embed=1", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load, Timeout = 90_000 });
        return chat;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        await base.DisposeAsync();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
