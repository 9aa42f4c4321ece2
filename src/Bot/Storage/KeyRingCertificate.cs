using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bot.Handoff;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>Reads Storage:KeyRingCertificate at start-up, so a wrong path or password stops the start with one line.</summary>
public static class KeyRingCertificate
{
    public static X509Certificate2? Load(StorageOptions storage, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(storage.KeyRingCertificate))
        {
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(contentRoot, storage.KeyRingCertificate));
        X509Certificate2 certificate;
        try
        {
            certificate = Path.GetExtension(path).Equals(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, storage.KeyRingCertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Problem($"Storage:KeyRingCertificate \"{path}\" could not be read ({ex.Message.TrimEnd('.')}).");
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            certificate.Dispose();
            throw Problem($"Storage:KeyRingCertificate \"{path}\" needs an RSA certificate with its private key.");
        }
        return certificate;
    }

    private static OptionsValidationException Problem(string message) =>
        new(StorageOptions.Section, typeof(StorageOptions), [message]);
}
