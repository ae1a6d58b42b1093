namespace FieldKit.Web.Features.Account;

/// <summary>bcrypt at work factor 12; older, cheaper hashes are upgraded at the next successful sign-in.</summary>
public static class PasswordHasher
{
    public const int WorkFactor = 12;

    // Verified against when the username is unknown, so both failures take the same time.
    private static readonly Lazy<string> DummyHash = new(() => BCrypt.Net.BCrypt.HashPassword("fieldkit-no-such-user", WorkFactor));

    public static string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, WorkFactor);

    public static bool Verify(string password, string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            BCrypt.Net.BCrypt.Verify(password, DummyHash.Value);
            return false;
        }
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public static bool NeedsUpgrade(string hash) => BCrypt.Net.BCrypt.PasswordNeedsRehash(hash, WorkFactor);
}
