using System.Text;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Protocol;

/// <summary>
/// A body the server cannot read to its end (here a chunked body whose second chunk size is not a number; a client
/// that goes away half-way fails the same way) is the client's error: a 400, never a 500, and the bot goes on
/// answering everyone else.
/// </summary>
public class BrokenRequestTests
{
    [Theory]
    [InlineData("/api/messages", "application/json", "{\"type\":\"message\",")]
    [InlineData("/staff/login", "application/x-www-form-urlencoded", "username=staff&")]
    public async Task ABrokenBodyIsABadRequestNotAServerError(string path, string contentType, string firstChunk)
    {
        await using var app = BotApplication.OverHttp();

        var status = await SendBrokenChunksAsync(app.ServerAddress!, path, contentType, firstChunk);

        Assert.Equal("HTTP/1.1 400 Bad Request", status);
        var bot = new BotClient(app.OverHttpClient());
        Assert.Contains("[1]", (await bot.AskAsync("what does a ketamine infusion feel like")).Text());
    }

    /// <summary>Sends one good chunk and then a chunk size that is not hexadecimal; returns the response's status line.</summary>
    private static async Task<string> SendBrokenChunksAsync(Uri server, string path, string contentType, string firstChunk)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var request = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n" +
            $"{firstChunk.Length:x}\r\n{firstChunk}\r\nzz\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? "";
    }
}
