using FieldKit.Domain.Customers;

namespace FieldKit.Tests.Domain;

public sealed class ContactFormatsTests
{
    [Theory]
    [InlineData("7045550123", "(704) 555-0123")]
    [InlineData("704.555.0123", "(704) 555-0123")]
    [InlineData("+1 (704) 555-0123", "(704) 555-0123")]
    [InlineData("1-704-555-0123", "(704) 555-0123")]
    [InlineData("704-555-0123 ext. 42", "(704) 555-0123 x42")]
    [InlineData("  ", null)]
    public void Phones_normalise_to_one_format(string input, string? expected)
    {
        Assert.True(ContactFormats.TryNormalizePhone(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("555-0123")]
    [InlineData("704-555-01234")]
    [InlineData("704-CALL-NOW")]
    [InlineData("(104) 555-0123")]
    [InlineData("(704) 155-0123")]
    public void Bad_phones_are_refused(string input) => Assert.False(ContactFormats.TryNormalizePhone(input, out _));

    [Theory]
    [InlineData("28202", true, "28202")]
    [InlineData("28202-1234", true, "28202-1234")]
    [InlineData("282021234", true, "28202-1234")]
    [InlineData("2820", false, null)]
    [InlineData("28202-12", false, null)]
    [InlineData("ABCDE", false, null)]
    public void Zip_is_five_or_nine_digits(string input, bool ok, string? expected)
    {
        Assert.Equal(ok, ContactFormats.TryNormalizeZip(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("tom@oakwood.com", true)]
    [InlineData("tom.davis+pm@oakwood-apts.co", true)]
    [InlineData("tom@", false)]
    [InlineData("tom oakwood.com", false)]
    [InlineData("tom@oakwood", false)]
    public void Email_format(string input, bool ok) => Assert.Equal(ok, ContactFormats.IsEmail(input));

    [Theory]
    [InlineData("nc", true, "NC")]
    [InlineData("N.C.", false, null)]
    [InlineData("North Carolina", false, null)]
    public void State_is_two_letters(string input, bool ok, string? expected)
    {
        Assert.Equal(ok, ContactFormats.TryNormalizeState(input, out var normalized));
        Assert.Equal(expected, normalized);
    }
}
