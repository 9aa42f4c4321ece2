using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Bot.Staff;

/// <summary>
/// Locks sign-in for a user name, or for an address, after repeated failures within a window. Counted by the
/// name as typed, known or not, so a lockout never tells an attacker which accounts exist; a locked attempt is
/// refused before the slow password hash runs.
/// </summary>
public sealed class SignInThrottle(IOptions<StaffOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Failures> failures = new();

    /// <summary>How long until sign-in may be tried again for this name from this address; zero when it may now.</summary>
    public TimeSpan LockedFor(string userName, string address)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var byName = Remaining(NameKey(userName), o.LockoutFailuresPerAccount, now);
        var byAddress = Remaining(AddressKey(address), o.LockoutFailuresPerAddress, now);
        return byName > byAddress ? byName : byAddress;
    }

    public void Failed(string userName, string address)
    {
        var now = time.GetUtcNow();
        Count(NameKey(userName), now);
        Count(AddressKey(address), now);
        if (failures.Count > 100_000)
        {
            // Old entries go once the table is large, so a spray of random names cannot grow it without bound.
            foreach (var (key, entry) in failures)
            {
                if (entry.Since + options.Value.LockoutWindow < now && entry.LockedUntil < now)
                {
                    failures.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>A right password clears the account's count, not the address's (one good account must not shield a spray).</summary>
    public void Succeeded(string userName) => failures.TryRemove(NameKey(userName), out _);

    private TimeSpan Remaining(string key, int limit, DateTimeOffset now) =>
        failures.TryGetValue(key, out var entry) && entry.Count >= limit && entry.LockedUntil > now ? entry.LockedUntil - now : TimeSpan.Zero;

    private void Count(string key, DateTimeOffset now)
    {
        var o = options.Value;
        var limit = key.StartsWith("u:", StringComparison.Ordinal) ? o.LockoutFailuresPerAccount : o.LockoutFailuresPerAddress;
        var fresh = new Failures(0, now, DateTimeOffset.MinValue);
        failures.AddOrUpdate(key, _ => Next(fresh), (_, old) => Next(old.Since + o.LockoutWindow < now && old.LockedUntil < now ? fresh : old));

        Failures Next(Failures current) =>
            current with { Count = current.Count + 1, LockedUntil = current.Count + 1 >= limit ? now + o.LockoutDuration : current.LockedUntil };
    }

    private static string NameKey(string userName) => "u:" + userName.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset LockedUntil);
}
