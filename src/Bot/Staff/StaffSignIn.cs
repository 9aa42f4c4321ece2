using System.Security.Claims;
using Bot.Handoff;
using Bot.RateLimits;
using Microsoft.AspNetCore.Authentication;
using static Bot.Staff.StaffHtml;

namespace Bot.Staff;

/// <summary>First-run setup, sign-in and sign-out for the staff inbox.</summary>
public static class StaffSignIn
{
    public const string Scheme = "Staff";
    public const string Policy = "Staff";
    public const string EditPolicy = "StaffEdit";

    public static void MapStaffSignIn(this RouteGroupBuilder staff)
    {
        staff.MapGet("/login", (HttpContext http, StaffAccounts accounts) =>
            accounts.NeedsSetup ? Results.Redirect("/staff/setup") : LoginPage(http, null)).AllowAnonymous();
        staff.MapPost("/login", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimitExtensions.SignIn);
        staff.MapGet("/setup", (HttpContext http, StaffAccounts accounts) =>
            accounts.NeedsSetup ? SetupPage(http, null) : Results.Redirect("/staff/login")).AllowAnonymous();
        staff.MapPost("/setup", SetUpAsync).AllowAnonymous().RequireRateLimiting(RateLimitExtensions.SignIn);
        staff.MapPost("/logout", async (HttpContext http, HandoffStore store, CancellationToken ct) =>
        {
            // Deletes the server-side session too (StaffSessionStore), so the cookie is worthless from now on.
            await http.SignOutAsync(Scheme);
            await store.AuditAsync(http.User.Identity?.Name ?? "unknown", "sign-out", null, null, ct);
            return Results.Redirect("/staff/login");
        });
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, StaffAccounts accounts, SignInThrottle throttle, HandoffStore store, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var typedName = form["username"].ToString();
        var address = RateLimitExtensions.ClientAddress(http);
        if (throttle.LockedFor(typedName, address) is { Ticks: > 0 } wait)
        {
            await store.AuditAsync("anonymous", "sign-in-locked", null, null, ct);
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return LoginPage(http, $"Too many attempts that did not match. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.",
                StatusCodes.Status429TooManyRequests);
        }
        if (accounts.SignIn(typedName, form["password"].ToString()) is not { } user)
        {
            throttle.Failed(typedName, address);
            await store.AuditAsync("anonymous", "sign-in-failed", null, null, ct);
            return LoginPage(http, "That user name and password did not match.", StatusCodes.Status401Unauthorized);
        }
        throttle.Succeeded(typedName);
        await SignInAsAsync(http, user.UserName, user.Role);
        await store.AuditAsync(user.UserName, "sign-in", null, null, ct);
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
        await SignInAsAsync(http, StaffAccounts.AdminUserName, StaffRoles.Staff);
        await store.AuditAsync(StaffAccounts.AdminUserName, "setup", null, null, ct);
        return Results.Redirect("/staff");
    }

    private static Task SignInAsAsync(HttpContext http, string userName, string role) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role)], Scheme)));

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
