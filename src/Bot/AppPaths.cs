namespace Bot;

/// <summary>
/// Finds the repo root (the folder holding appsettings.json and knowledge/) so that
/// `dotnet run --project src/Bot`, the built dll and the tests all read the one config file.
/// </summary>
public static class AppPaths
{
    /// <summary>
    /// The host's arguments. appsettings.json is read once at start-up: watching it for changes would put a
    /// recursive watch on the whole content root (the repo, node_modules included), a quarter of a second of
    /// every start and an inotify watch per folder per test host. knowledge/ has its own watcher.
    /// </summary>
    public static string[] HostArgs(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];

    public static string ContentRoot()
    {
        if (Environment.GetEnvironmentVariable("BOT_CONTENT_ROOT") is { Length: > 0 } explicitRoot)
        {
            return Path.GetFullPath(explicitRoot);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "knowledge")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
