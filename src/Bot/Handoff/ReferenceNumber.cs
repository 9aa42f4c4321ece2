using System.Security.Cryptography;

namespace Bot.Handoff;

/// <summary>Human-friendly reference numbers such as KC-7F3Q2: easy to read out on the phone (no 0/O, 1/I/L, U).</summary>
public static class ReferenceNumber
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 5;

    public static string New(string prefix) => prefix + "-" + RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>A fresh number with the same prefix, after a (rare) collision.</summary>
    public static string Next(string previous) => New(previous[..previous.LastIndexOf('-')]);
}
