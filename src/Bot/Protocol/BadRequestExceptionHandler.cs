using Microsoft.AspNetCore.Diagnostics;

namespace Bot.Protocol;

/// <summary>
/// A request the server finds broken while an endpoint reads it (a body that ends before its Content-Length when
/// the client goes away, a malformed chunk, a read that times out) is the client's error, not ours: it gets its own
/// status (400, 408, 413) with problem details and one information line, where the exception handler would answer
/// 500 and log an unhandled error.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        logger.LogInformation("A {Method} request to {Route} was broken off or malformed: {Reason}",
            http.Request.Method, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText, bad.Message);
        http.Response.StatusCode = bad.StatusCode;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = "The request ended early or was malformed." },
        });
        return true;
    }
}
