using AlignLab.Runtime.Streaming;

namespace AlignLab.Runtime.Tests.Streaming;

public sealed class RedactionTailTests
{
    [Theory]
    [InlineData("The capital of France is Paris. ", 0)] // finished prose words cannot begin an entity
    [InlineData("The capital of France is Par", 3)] // an unfinished word may go on
    [InlineData("Call me on +1 555 ", 7)] // the first groups of a phone number
    [InlineData("My card is 4111 1111 1111 11", 17)]
    [InlineData("Write to jane.doe@exa", 12)]
    [InlineData("and the password ", 9)] // the key of a secret assignment: its value comes next
    [InlineData("-----BEGIN RSA", 14)]
    [InlineData("Pay to IBAN GB82 WEST 1234 5698 7", 26)] // an IBAN's bank code is letters: found when the merged suite redacted only "GB82 WEST"'s tail
    [InlineData("", 0)]
    public void Only_what_could_begin_an_entity_is_held_back(string text, int held)
    {
        Assert.Equal(held, RedactionTail.Length(text, 64));
    }

    [Fact]
    public void Never_more_than_the_configured_holdback_is_held()
    {
        var digits = string.Join(' ', Enumerable.Repeat("1234", 40));
        Assert.Equal(64, RedactionTail.Length(digits, 64));
        Assert.Equal(8, RedactionTail.Length(digits, 8));
        Assert.Equal(0, RedactionTail.Length(digits, 0));
    }
}
