using System.Text;
using AlignLab.Pii;
using BenchmarkDotNet.Attributes;

namespace AlignLab.Benchmarks;

/// <summary>
/// Throughput of <see cref="PiiDetector.Detect(string)"/> and <see cref="PiiRedactor.Redact"/> on 1 KB of ordinary
/// prose full of numbers (nothing to find), 1 KB of prose with one entity of each kind, and 100 KB of mixed prose.
/// Run through BenchmarkSwitcher, e.g. <c>--filter *PiiBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PiiBenchmarks
{
    private const string Clean =
        "The quarterly report published on 2024-01-15 shows revenue of $1,234,567.89, up 4.5% on the previous quarter, "
        + "with 12,345 units sold across 27 regions. The meeting starts at 10:30 UTC in room 101; bring the ISBN "
        + "978-0-306-40615-7 reference and the build 10.0.19041.1 notes. Version 1.2.3.4 of the app fixed 17 bugs, "
        + "and the order #123456789 shipped on 01/22/2024. Population grew to 8,045,311,447 between 1990 and 2024. ";

    private const string WithPii =
        "Hi, I'm Jane (jane.doe@example.com, +44 20 7946 0958). Please charge 4111 1111 1111 1111 and refund to "
        + "IBAN DE89 3704 0044 0532 0130 00. The server at 203.0.113.42 / 2001:db8::8a2e:370:7334 uses the key "
        + "AKIAIOSFODNN7EXAMPLE and password=Xk9mQ2vL8pR4tZ7w; call (555) 234-5678 if it fails. ";

    private readonly PiiDetector _detector = PiiDetector.Default;
    private readonly PiiRedactor _redactor = PiiRedactor.Default;
    private string _clean1K = string.Empty;
    private string _pii1K = string.Empty;
    private string _mixed100K = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _clean1K = Fit(Clean, 1024);
        _pii1K = Fit(WithPii + Clean, 1024);
        var sb = new StringBuilder(100 * 1024 + 2048);
        var k = 0;
        while (sb.Length < 100 * 1024)
        {
            sb.Append(k++ % 10 == 9 ? _pii1K : _clean1K).Append('\n');
        }

        _mixed100K = sb.ToString(0, 100 * 1024);
    }

    /// <summary>1 KB of prose with numbers, dates, prices and versions: nothing to find.</summary>
    [Benchmark(Baseline = true)]
    public int Clean1K() => _detector.Detect(_clean1K).Count;

    /// <summary>1 KB of prose with an e-mail, two phones, a card, an IBAN, two IPs and two secrets.</summary>
    [Benchmark]
    public int Pii1K() => _detector.Detect(_pii1K).Count;

    /// <summary>Redaction of the same 1 KB with PII.</summary>
    [Benchmark]
    public string Redact1K() => _redactor.Redact(_pii1K).Text;

    /// <summary>100 KB: clean prose with one PII-bearing kilobyte in ten.</summary>
    [Benchmark]
    public int Mixed100K() => _detector.Detect(_mixed100K).Count;

    private static string Fit(string text, int length)
    {
        var sb = new StringBuilder(length + text.Length);
        while (sb.Length < length)
        {
            sb.Append(text).Append(' ');
        }

        return sb.ToString(0, length);
    }
}
