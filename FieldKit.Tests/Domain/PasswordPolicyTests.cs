using FieldKit.Domain.Security;

namespace FieldKit.Tests.Domain;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("blue-tractor-harbor")]
    [InlineData("Grip & Kleanit 2026")]
    [InlineData("ñandú-lluvioso-río")]
    public void Good_passphrases_pass(string password) => Assert.Null(PasswordPolicy.Validate(password, "walter"));

    [Theory]
    [InlineData("", "Enter a password.")]
    [InlineData("short-pass1", "Use at least 12 characters.")]
    [InlineData("password1234", "That password is too common; choose another.")]
    [InlineData("Password1234", "That password is too common; choose another.")]
    [InlineData("aaaaaaaaaaaaaaaa", "That password is too common; choose another.")]
    [InlineData("walter-rocks-1999", "The password must not contain your username.")]
    public void Weak_passwords_are_refused_with_a_clear_message(string password, string message) =>
        Assert.Equal(message, PasswordPolicy.Validate(password, "walter"));

    [Fact]
    public void Seventy_two_bytes_pass_and_seventy_three_are_refused_never_truncated()
    {
        const string Eight = "abcdefgh";
        var seventyTwo = string.Concat(Enumerable.Repeat(Eight, 9));
        Assert.Null(PasswordPolicy.Validate(seventyTwo));
        Assert.StartsWith("Use at most 72 bytes", PasswordPolicy.Validate(seventyTwo + "z"));
        // 25 × "é" (2 bytes each) = 50 characters of text but 75 bytes.
        Assert.StartsWith("Use at most 72 bytes", PasswordPolicy.Validate("abcd" + string.Concat(Enumerable.Repeat("éz", 25)) + "é"));
    }
}
