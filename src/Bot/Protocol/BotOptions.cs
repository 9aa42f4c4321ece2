namespace Bot.Protocol;

public sealed class BotOptions
{
    public const string Section = "Bot";

    public string Id { get; set; } = "clinic-bot";

    public string Name { get; set; } = "Clinic assistant";

    /// <summary>Largest accepted /api/messages body; larger gets 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Base URLs the bot may POST replies to (normal delivery mode). Anything else is dropped, so an
    /// activity cannot make the bot call an arbitrary address.
    /// </summary>
    public List<string> AllowedServiceUrls { get; set; } = [];
}
