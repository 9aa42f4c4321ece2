using System.Diagnostics;
using System.Net.Sockets;
using Bot.Tests.Handoff;

namespace Bot.Tests.Infrastructure;

/// <summary>
/// A Redis of the test's own (Debian's redis-server, which scripts/services.sh installs) on a free port, for tests
/// that stop and start it mid-run; the shared one on BOT_TEST_REDIS is left alone.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? process;

    public int Port { get; } = HandoffTestKit.FreePort();

    public string Address => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        // Nothing on disk: --save '' and no append-only file.
        process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();
}
