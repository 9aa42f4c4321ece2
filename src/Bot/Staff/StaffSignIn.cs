using System.Security.Claims;
using Bot.Handoff;
using Microsoft.AspNetCore.Authentication;
using static Bot.Staff.StaffHtml;

namespace Bot.Staff;

/// <summary>First-run setup, sign-in and sign-out for the staff inbox.</summary>
public static class StaffSignIn
{
    public const string Scheme = "Staff";
    public const string Policy = "Staff";

    public static void MapStaffSignIn(this RouteGroupBuilder staff)
    {
        staff.MapGet("/login", (HttpContext http, StaffAccounts accounts) =>
            accounts.NeedsSetup ? Results.Redirect("/staff/setup") : LoginPage(http, null)).AllowAnonymous();
        staff.MapPost("/login", SignInAsync).AllowAnonymous();
        staff.MapGet("/setup", (HttpContext http, StaffAccounts accounts) =>
            accounts.NeedsSetup ? SetupPage(http, null) : Results.Redirect("/staff/login")).AllowAnonymous();
        staff.MapPost("/setup", SetUpAsync).AllowAnonymous();
        staff.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(Scheme);
            return Results.Redirect("/staff/login");
        });
    }

    private static async Task<IResult> SignInAsync(HttpContext http, StaffAccounts accounts, HandoffStore store, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var userName = accounts.SignIn(form["username"].ToString(), form["password"].ToString());
        if (userName is null)
        {
            await store.AuditAsync("anonymous", "sign-in-failed", null, null, ct);
            return LoginPage(http, "That user name and password did not match.", StatusCodes.Status401Unauthorized);
        }
        await SignInAsAsync(http, userName);
        await store.AuditAsync(userName, "sign-in", null, null, ct);
        var returnUrl = form["returnUrl"].ToString();
        // Only local inbox paths: an open redirect after sign-in is a phishing aid.
        return Results.Redirect(returnUrl.StartsWith("/staff", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/staff");
    }

    private static async Task<IResult> SetUpAsync(HttpContext http, StaffAccounts accounts, HandoffStore store, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var password = form["password"].ToString();
        if (password.Length < 12 || password != form["confirm"].ToString())
        {
            return SetupPage(http, "Use at least 12 characters, typed the same twice.", StatusCodes.Status400BadRequest);
        }
        if (!accounts.TrySetUpAdmin(form["code"].ToString(), password))
        {
            return accounts.NeedsSetup
                ? SetupPage(http, "That setup code is not right. It is in the server log.", StatusCodes.Status400BadRequest)
                : Results.Redirect("/staff/login");
        }
        await SignInAsAsync(http, StaffAccounts.AdminUserName);
        await store.AuditAsync(StaffAccounts.AdminUserName, "setup", null, null, ct);
        return Results.Redirect("/staff");
    }

    private static Task SignInAsAsync(HttpContext http, string userName) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], Scheme)));

    private static IResult LoginPage(HttpContext http, string? error, int status = 200)
    {
        var returnUrl = http.Request.Query["ReturnUrl"].ToString();
        return Page(http, "Sign in", $"""
            {(error is null ? "" : $"<p class=\"alert\" role=\"alert\">{E(error)}</p>")}
            <form method="post" action="/staff/login">{Token(http)}
            <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
            <p><label>User name<br><input name="username" autocomplete="username" required></label></p>
            <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
            <p><button type="submit">Sign in</button></p></form>
            """, signedIn: false, statusCode: status);
    }

    private static IResult SetupPage(HttpContext http, string? error, int status = 200) => Page(http, "Set the admin password", $"""
        {(error is null ? "" : $"<p class=\"alert\" role=\"alert\">{E(error)}</p>")}
        <p>No staff accounts are configured. Enter the one-time setup code from the server log and choose the password for the user <b>admin</b>.</p>
        <form method="post" action="/staff/setup">{Token(http)}
        <p><label>Setup code<br><input name="code" autocomplete="off" required></label></p>
        <p><label>Password<br><input name="password" type="password" autocomplete="new-password" minlength="12" required></label></p>
        <p><label>Password again<br><input name="confirm" type="password" autocomplete="new-password" minlength="12" required></label></p>
        <p><button type="submit">Set password</button></p></form>
        """, signedIn: false, statusCode: status);
}
