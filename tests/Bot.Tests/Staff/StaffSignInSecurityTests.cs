using System.Net;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Staff;

public class StaffSignInSecurityTests
{
    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne()
    {
        await using var app = new BotApplication(Settings(("Staff:LockoutFailuresPerAccount", "3")));
        var browser = StaffBrowser.Open(app);
        for (var i = 0; i < 3; i++)
        {
            var wrong = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", "guess " + i));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser.ToUpperInvariant()), ("password", StaffPassword));
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Contains("Too many attempts", await locked.Content.ReadAsStringAsync());
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownUserNameGetsTheSameAnswersAsAKnownOne()
    {
        await using var app = new BotApplication(Settings(("Staff:LockoutFailuresPerAccount", "2")));
        var browser = StaffBrowser.Open(app);
        async Task<(HttpStatusCode, string)> TryAsync(string user)
        {
            var response = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", user), ("password", "wrong password"));
            return (response.StatusCode, MessageOf(await response.Content.ReadAsStringAsync()));
        }

        var known = new[] { await TryAsync(StaffUser), await TryAsync(StaffUser), await TryAsync(StaffUser) };
        var unknown = new[] { await TryAsync("nobody-here"), await TryAsync("nobody-here"), await TryAsync("nobody-here") };
        Assert.Equal(known, unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, known[0].Item1);
        Assert.Equal((HttpStatusCode)429, known[2].Item1);
    }

    [Fact]
    public async Task ManyNamesTriedFromOneAddressLockThatAddress()
    {
        await using var app = new BotApplication(Settings(("Staff:LockoutFailuresPerAddress", "4")));
        var browser = StaffBrowser.Open(app);
        for (var i = 0; i < 4; i++)
        {
            await browser.SubmitAsync("/staff/login", "/staff/login", ("username", "name" + i), ("password", "wrong password"));
        }
        var locked = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", StaffPassword));
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
    }

    [Fact]
    public async Task SignInPostsFromOneAddressAreRateLimited()
    {
        await using var app = new BotApplication(Settings(("RateLimits:SignInsPerMinutePerAddress", "3"), ("Staff:LockoutFailuresPerAddress", "100")));
        var browser = StaffBrowser.Open(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await browser.SubmitAsync("/staff/login", "/staff/login", ("username", "user" + i), ("password", "wrong password"))).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], statuses);
        // The sign-in page itself still opens: only the posts that cost a password hash are counted.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff/login")).Status);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionSoACopiedCookieOpensNothing()
    {
        await using var app = new BotApplication(Settings());
        await app.SubmitAsync(Submission());
        var staff = StaffBrowser.Open(app);
        var signIn = await staff.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", StaffPassword));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-staff=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/staff/export.csv")).StatusCode);

        var signOut = await staff.SubmitAsync("/staff", "/staff/logout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var copied = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        copied.DefaultRequestHeaders.Add("Cookie", cookie);
        var export = await copied.GetAsync("/staff/export.csv");
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.StartsWith("/staff/login", export.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASessionEndsAfterItsMaximumLifetimeHoweverBusy()
    {
        await using var app = new BotApplication(Settings(("Staff:SessionMaxLifetime", "00:00:02")));
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).Status);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.GetAsync("/staff")).Status);
    }

    [Fact]
    public async Task AReadOnlyAccountSeesTheInboxButChangesNothing()
    {
        await using var app = new BotApplication(Settings(
            ("Staff:Users:1:UserName", "auditor"), ("Staff:Users:1:PasswordHash", StaffHash), ("Staff:Users:1:Role", "ReadOnly")));
        var receipt = await app.SubmitAsync(Submission());
        var auditor = await StaffBrowser.SignInAsync(app, "auditor", StaffPassword);

        var (status, detail) = await auditor.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(receipt.Reference, detail);
        Assert.DoesNotContain("Change status", detail);
        Assert.DoesNotContain("Add a note", detail);

        var change = await auditor.SubmitAsync($"/staff/requests/{receipt.Id}", $"/staff/requests/{receipt.Id}/status", ("status", "spam"));
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Contains("read the inbox but not change it", await change.Content.ReadAsStringAsync());
        var note = await auditor.SubmitAsync($"/staff/requests/{receipt.Id}", $"/staff/requests/{receipt.Id}/notes", ("text", "hello"));
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (_, seen) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Contains("<dt>Status</dt><dd>new</dd>", seen);
        Assert.DoesNotContain("hello", seen);
    }

    [Fact]
    public async Task BehindATlsProxyTheSignInRedirectKeepsTheVisitorsSchemeAndHost()
    {
        await using var app = new BotApplication(Settings());
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/staff/requests/" + Guid.NewGuid());
        request.Headers.Host = "inbox.clinic.example:8443";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Scheme == "http", $"redirected to {location}");
        Assert.StartsWith("/staff/login?ReturnUrl=", location.OriginalString);
    }

    /// <summary>The alert line of a sign-in page.</summary>
    private static string MessageOf(string html)
    {
        var start = html.IndexOf("role=\"alert\">", StringComparison.Ordinal);
        return start < 0 ? "" : html[(start + 13)..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }
}
