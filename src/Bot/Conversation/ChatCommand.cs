using Bot.Protocol;

namespace Bot.Conversation;

/// <summary>`chat`: a terminal conversation on the same turn pipeline, showing citations and buttons.</summary>
public static class ChatCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextReader input, TextWriter output)
    {
        var turns = services.GetRequiredService<TurnHandler>();
        var conversation = new ConversationAccount("terminal-" + Guid.NewGuid().ToString("n")[..8]);
        var visitor = new ChannelAccount("visitor", "You", "user");
        var bot = new ChannelAccount("bot", "Clinic assistant", "bot");
        IReadOnlyList<CardAction> buttons = [];
        var n = 0;

        async Task SendAsync(Activity activity)
        {
            foreach (var reply in await turns.HandleAsync(activity, CancellationToken.None))
            {
                buttons = Print(reply, output) ?? buttons;
            }
        }

        await SendAsync(new Activity { Type = ActivityTypes.ConversationUpdate, ChannelId = "terminal", Conversation = conversation, From = visitor, Recipient = bot, MembersAdded = [visitor] });
        while (true)
        {
            await output.WriteAsync("\nyou> ");
            var line = await input.ReadLineAsync();
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                return 0;
            }
            // A number picks one of the buttons shown last.
            if (int.TryParse(line.Trim(), out var pick) && pick >= 1 && pick <= buttons.Count)
            {
                line = buttons[pick - 1].Value ?? buttons[pick - 1].Title;
                await output.WriteLineAsync($"     ({line})");
            }
            await SendAsync(new Activity { Type = ActivityTypes.Message, Id = $"t{++n}", ChannelId = "terminal", Conversation = conversation, From = visitor, Recipient = bot, Text = line });
        }
    }

    private static IReadOnlyList<CardAction>? Print(Activity reply, TextWriter output)
    {
        if (reply.Type != ActivityTypes.Message)
        {
            return null;
        }
        // Reference definitions are for Web Chat; show the citation as a line instead.
        var text = string.Join('\n', (reply.Text ?? "").Split('\n').Where(l => !l.StartsWith("[1]: ", StringComparison.Ordinal))).TrimEnd();
        output.WriteLine($"\nbot> {text.Replace("\n", "\n     ")}");
        if (Citations.Cited(reply) is var (name, url))
        {
            output.WriteLine($"     [1] Source: {name} - {url}");
        }
        var actions = reply.SuggestedActions?.Actions ?? [];
        for (var i = 0; i < actions.Count; i++)
        {
            output.WriteLine($"     ({i + 1}) {actions[i].Title}");
        }
        return actions.Count > 0 ? actions : null;
    }
}
