namespace Bot.WebChat;

/// <summary>How the chat page looks: the clinic's name, colour and avatar, shown by the page and the widget.</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    public string ClinicName { get; set; } = "Pasithea Clinics";

    /// <summary>Header, accent and visitor bubbles; keep it dark enough for white text.</summary>
    public string PrimaryColor { get; set; } = "#1f5f74";

    public string AvatarInitials { get; set; } = "PC";

    public string PrivacyNote { get; set; } = "Automated assistant with general information, not medical advice.";
}
