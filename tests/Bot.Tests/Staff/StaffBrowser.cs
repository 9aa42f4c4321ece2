using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bot.Tests.Staff;

/// <summary>What a staff member's browser does: keeps cookies (over HTTPS, as __Host- cookies need), reads forms, posts them back.</summary>
public sealed partial class StaffBrowser(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static StaffBrowser Open(WebApplicationFactory<Program> app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));

    public static async Task<StaffBrowser> SignInAsync(WebApplicationFactory<Program> app, string user, string password)
    {
        var browser = Open(app);
        var response = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", user), ("password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens <paramref name="pageUrl"/>, takes its form token, posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string action, params (string Name, string Value)[] fields)
    {
        var (_, html) = await GetAsync(pageUrl);
        var token = TokenInput().Match(html);
        Assert.True(token.Success, "the page has an antiforgery token");
        return await PostAsync(action, [("__csrf", WebUtility.HtmlDecode(token.Groups[1].Value)), .. fields]);
    }

    public Task<HttpResponseMessage> PostAsync(string action, params (string Name, string Value)[] fields) =>
        Client.PostAsync(action, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
