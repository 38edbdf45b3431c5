using AlignLab.Pii;

namespace AlignLab.Tests.Pii;

/// <summary>
/// Ordinary model output full of numbers — dates, times, prices, quantities, ISBNs, UUIDs, hashes, versions, code,
/// coordinates, MAC addresses — must come through unredacted.
/// </summary>
public sealed class PiiBenignCorpusTests
{
    internal const string Corpus = """
        Sure! Here is a summary of the quarterly report (published 2024-01-15, revised 15.01.2024 and again on 01/22/2024).

        | Quarter | Revenue      | Growth | Units sold |
        |---------|--------------|--------|------------|
        | Q1 2023 | $1,234,567.89 | 4.5%  | 12,345     |
        | Q2 2023 | $1,456,789.01 | 18.0% | 13 001     |
        | Q3 2023 | € 998.765,43  | -2.3% | 9 876      |
        | Q4 2023 | £2.5m         | +7%   | 1 234 567  |

        The meeting starts at 10:30:45 UTC (2024-01-15T10:30:00Z) and lasts 1h 30m; the ratio is 16:9 and the score was 3-1.
        Population of the city: 8,045,311,447 people in 1990-2024, growing at 1.2% per year; 2019 2020 2021 2022 were record years.
        Coordinates: 51.5074, -0.1278 and 40.7128 N, 74.0060 W. Elevation 1 234 m. Room 101, floor 3, building 7.
        See John 3:16 and Psalm 23:1-6. Order #123456789 shipped via tracking number 1Z999AA10123456784.
        Books: ISBN 978-0-306-40615-7, ISBN-10 0-306-40615-2, ISBN 9780306406157. DOI 10.1000/182.
        UUIDs: 123e4567-e89b-12d3-a456-426614174000 and 550e8400-e29b-41d4-a716-446655440000.
        Git commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3, SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
        Versions: Python 3.11.4, node v20.10.0, .NET 10.0.100, version 1.2.3.4, release 2.4.1.0, build 10.0.19041.1, semver 1.2.3-beta.1,
        AssemblyVersion("1.0.0.0"), firmware 4.3.2.1, dotted 1.2.3.4.5.6, and Windows 10.0.22631.
        Timestamps: 1700000000000 ms, 1700000000 s; nanoseconds 1700000000000000000. A long id: 12345678901234567890123.
        A made-up number that looks like a card but fails the checksum: 1234 5678 9012 3456, and 4111 1111 1111 1112.
        Phone-like but not phones: 2024 01 15, 1 2 3 4 5 6 7 8 9 10, 0.25 0.50 0.75, extension 4567, PIN 1234, zip 90210, SW1A 1AA.
        Networking: localhost 127.0.0.1, bind 0.0.0.0:8080, netmask 255.255.255.0, MAC 00:1A:2B:3C:4D:5E, ports 80/443.
        Math: 3.14159 * 2 = 6.28318; 10^6 = 1,000,000; 1e-9; 0x7FFFFFFF; 2^31 - 1 = 2147483647; -42; 1/3 ≈ 0.333.
        Contact the team via the #support channel or @devops on chat. Package: npm install lodash@4.17.21 react@18.2.0 @types/node@20.1.0.
        Assets: logo@2x.png and icon@3x.jpg. Clone with git@github.com:example/repo.git.

        ```python
        import os
        api_key = os.environ["OPENAI_API_KEY"]
        password = getpass.getpass()
        token: str = request.headers.get("Authorization")
        max_tokens: int = 4096
        for i in range(0, 1000000):
            total += i * 3.5
        if password == stored_password:
            print("ok")
        hash = "5d41402abc4b2a76b9719d911017c592"
        ```

        ```typescript
        const apiKey: string = process.env.OPENAI_API_KEY;
        const config = { secretKey: settings.Security.SecretKey, timeout: 30000, retries: 3 };
        std::vector<int> v{1, 2, 3};  // C++ aside: std::map<std::string, int>
        ```

        ```yaml
        password: ${DB_PASSWORD}
        token: "<your token here>"
        image: nginx:1.25.3
        replicas: 3
        ```

        Base64 of "hello world": aGVsbG8gd29ybGQ= ; a hex dump: de ad be ef 00 11 22 33.
        The sk-learn nickname refers to scikit-learn-preprocessing-pipeline; see sk-learn-docs for details.
        Prices: 19.99 USD, 1.299,00 EUR, ¥12,800, 5 x 2.50 = 12.50. Temperatures: -3 °C to 12 °C.
        In chess, 1. e4 e5 2. Nf3 Nc6 3. Bb5 a6; in football, a 4-4-2 or 4-3-3 formation.
        """;

    [Fact]
    public void A_benign_corpus_full_of_numbers_and_code_has_no_entities()
    {
        var entities = PiiDetector.Default.Detect(Corpus);
        Assert.True(entities.Count == 0, "unexpected: " + string.Join("; ", entities.Select(e => $"{e.Kind}/{e.Subtype} '{e.TextIn(Corpus)}'")));
    }

    [Fact]
    public void Redacting_the_benign_corpus_leaves_it_unchanged()
    {
        var result = PiiRedactor.Default.Redact(Corpus);
        Assert.False(result.Redacted);
        Assert.Same(Corpus, result.Text);
    }

    [Fact]
    public void The_benign_corpus_still_yields_each_entity_planted_in_it()
    {
        var planted = Corpus + "\nReach me at jane@example.com, 212-555-0147, card 4111 1111 1111 1111, server 203.0.113.42.";
        var kinds = PiiDetector.Default.Detect(planted).Select(e => e.Kind).ToArray();
        Assert.Equal([PiiKind.Email, PiiKind.Phone, PiiKind.CreditCard, PiiKind.IpAddress], kinds);
    }
}
