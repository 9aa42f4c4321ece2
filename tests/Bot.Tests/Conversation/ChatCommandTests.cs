using System.Diagnostics;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Conversation;

public class ChatCommandTests
{
    [Fact]
    public async Task TheTerminalChatShowsTheWelcomeAnswersCitationsAndNumberedButtons()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BotApplication.RepoRoot,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.dll"));
        psi.ArgumentList.Add("chat");
        psi.Environment["Retrieval__Semantic__CachePath"] = BotApplication.SemanticCachePath;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("how long does an infusion take");
        await process.StandardInput.WriteLineAsync("1");
        await process.StandardInput.WriteLineAsync("/quit");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        var text = await output;

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("automated assistant", text);
        Assert.Contains("[1] Source: How long an infusion takes - https://", text);
        Assert.Contains("(1) ", text);
        // Typing 1 picked the first button and got another cited answer.
        Assert.Equal(2, text.Split("Source:").Length - 1);
        Assert.DoesNotContain("[1]: https://", text);
    }
}
