namespace Bot.WebChat;

/// <summary>How the chat page looks: the clinic's name, colour and avatar, shown by the page and the widget.</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    public string ClinicName { get; set; } = "Pasithea Clinics";

    /// <summary>Header, accent and visitor bubbles; white text on it must reach 4.5:1 (checked at start-up).</summary>
    public string PrimaryColor { get; set; } = "#1f5f74";

    public string AvatarInitials { get; set; } = "PC";

    public string PrivacyNote { get; set; } = "Automated assistant with general information, not medical advice.";

    /// <summary>The WCAG contrast ratio of white text on a #rrggbb colour (relative luminance, as widget.js and chat.js compute it).</summary>
    public static double WhiteTextContrast(string hex)
    {
        var channels = new[] { 1, 3, 5 }.Select(i =>
        {
            var c = Convert.ToInt32(hex.Substring(i, 2), 16) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }).ToArray();
        var luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
        return 1.05 / (luminance + 0.05);
    }
}
