namespace Bot.Storage;

/// <summary>
/// A key kept in a file of the data folder: created on first run, readable by its owner only, and the same for every
/// process sharing the folder (the first to create it wins; the others read theirs).
/// </summary>
public static class KeyFile
{
    public static string ReadOrCreate(string folder, string name, Func<string> create)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var value = create();
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(path, fileOptions);
            using var writer = new StreamWriter(stream);
            writer.Write(value);
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }
}
