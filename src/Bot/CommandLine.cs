namespace Bot;

/// <summary>The bot's command-line tools: kb check, chat, eval. Null when the args ask for the web server.</summary>
public static class CommandLine
{
    public static async Task<int?> TryRunAsync(string[] args) =>
        await Staff.StaffCommands.TryRunAsync(args);
}
