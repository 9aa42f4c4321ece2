namespace Bot;

/// <summary>The bot's command-line tools: kb check, chat, eval. Null when the args ask for the web server.</summary>
public static class CommandLine
{
    public static async Task<int?> TryRunAsync(string[] args) => args switch
    {
        ["kb", "build", ..] => await Knowledge.Semantic.KbBuildCommand.RunAsync(args[2..]),
        ["kb", "measure", ..] => await Evaluation.MeasureCommand.RunAsync(args[2..]),
        _ => null,
    };
}
