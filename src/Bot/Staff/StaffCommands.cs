namespace Bot.Staff;

/// <summary>`staff hash-password`: prints a PBKDF2 hash for Staff:Users:N:PasswordHash. Reads the password from stdin when piped.</summary>
public static class StaffCommands
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args is not ["staff", "hash-password", ..])
        {
            return null;
        }
        string? password;
        if (Console.IsInputRedirected)
        {
            password = await Console.In.ReadLineAsync();
        }
        else
        {
            password = ReadHidden("Password: ");
            if (ReadHidden("Again: ") != password)
            {
                await Console.Error.WriteLineAsync("The two passwords differ.");
                return 1;
            }
        }
        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            await Console.Error.WriteLineAsync("Use a password of at least 12 characters.");
            return 1;
        }
        Console.WriteLine(PasswordHash.Create(password));
        return 0;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var chars = new List<char>();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && chars.Count > 0)
            {
                chars.RemoveAt(chars.Count - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return new string([.. chars]);
    }
}
