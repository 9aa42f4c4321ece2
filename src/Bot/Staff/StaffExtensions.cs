using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Bot.Staff;

public static class StaffExtensions
{
    /// <summary>Staff accounts and API keys, cookie sign-in (secure, HttpOnly, SameSite=Strict) and antiforgery.</summary>
    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Staff:TimeZone must be an IANA time zone id, such as America/New_York.")
            .ValidateOnStart();
        builder.Services.AddSingleton<StaffDisplay>();
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<StaffSessionStore>();
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, StaffSessionStoreSetup>();
        builder.Services.AddSingleton<VisitorErasure>();
        var lifetime = builder.Configuration.GetSection(StaffOptions.Section).Get<StaffOptions>()?.SessionLifetime ?? TimeSpan.FromHours(8);
        // No default scheme: the staff policy names its scheme, so visitors' turns never run the cookie handler
        // (with one scheme ASP.NET Core would otherwise make it the default and authenticate every request).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddAuthentication()
            .AddCookie(StaffSignIn.Scheme, options =>
            {
                // __Host- cookies are only accepted over HTTPS, for this host, on path /.
                options.Cookie.Name = "__Host-staff";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = lifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/staff/login";
                options.LogoutPath = "/staff/logout";
                options.AccessDeniedPath = "/staff/login";
                // Relative, so the browser keeps the scheme and host it used, whatever the proxy in front said.
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.Redirect(new Uri(context.RedirectUri).PathAndQuery);
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context => StaffHtml.Page(context.HttpContext, "Read-only account",
                    $"<p>Your account can read the inbox but not change it.</p><p>{StaffHtml.Back("/staff", "Back to the inbox")}</p>",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext);
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffSignIn.Policy, policy => policy.AddAuthenticationSchemes(StaffSignIn.Scheme).RequireAuthenticatedUser())
            .AddPolicy(StaffSignIn.EditPolicy, policy => policy.AddAuthenticationSchemes(StaffSignIn.Scheme).RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.IsInRole(StaffRoles.ReadOnly)));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "__Host-staff-csrf";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__csrf";
        });
        return builder;
    }

    /// <summary>/staff (server-rendered inbox, sign-in required) and /api/handoffs (API key required).</summary>
    public static RouteGroupBuilder MapStaff(this IEndpointRouteBuilder endpoints)
    {
        // Resolve now so a first-run setup code is in the log at start-up, not at the first visit.
        endpoints.ServiceProvider.GetRequiredService<StaffAccounts>();
        endpoints.MapStaffApi();
        endpoints.MapErasureApi();
        var staff = endpoints.MapGroup("/staff").RequireAuthorization(StaffSignIn.Policy)
            .AddEndpointFilter(RequireHttps).AddEndpointFilter(ValidateAntiforgery);
        staff.MapStaffSignIn();
        staff.MapStaffPages();
        staff.MapErasurePages();
        return staff;
    }

    /// <summary>
    /// The inbox's cookies are Secure-only, so over plain HTTP it could not work: say so plainly instead of
    /// failing. Behind a TLS-terminating proxy, X-Forwarded-Proto (see Program.cs) makes the request HTTPS.
    /// </summary>
    internal static async ValueTask<object?> RequireHttps(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.IsHttps)
        {
            return StaffHtml.Page(http, "HTTPS needed",
                "<p>The staff inbox only works over HTTPS, because its sign-in and form cookies are never sent over plain HTTP. " +
                "Open it through the clinic's HTTPS address (a TLS proxy in front of the bot), or locally run the bot with an " +
                "HTTPS URL, for example <code>dotnet run --project src/Bot --urls https://localhost:5001</code> after " +
                "<code>dotnet dev-certs https</code>.</p>",
                signedIn: false, statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }

    /// <summary>Every form post needs the token from the page it came from; without it nothing changes.</summary>
    internal static async ValueTask<object?> ValidateAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return StaffHtml.Page(http, "Form expired",
                    "<p>This form has expired or did not come from the inbox. Go back, reload the page and try again.</p>",
                    signedIn: false, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        return await next(context);
    }
}
