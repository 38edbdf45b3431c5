using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlignLab.Evaluation;

/// <summary>
/// An order-independent fingerprint of the cases a run evaluated: the number of cases and the sum (modulo 2^128) of a
/// SHA-256 prefix of each case's suite, id, label, category, transform and text. Two runs over the same cases have
/// the same fingerprint whatever the order, the concurrency, the paths the suites were read from, the policy or the
/// model; a case added, dropped, relabelled or reworded changes it. Thread-safe.
/// </summary>
public sealed class CaseSetFingerprint
{
    private readonly Lock _gate = new();
    private UInt128 _sum;
    private long _count;

    /// <summary>Cases added so far.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds one case.</summary>
    public void Add(EvalCase evalCase)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var text = string.Join('\0', evalCase.Suite, evalCase.Id, evalCase.Label.ToString(), evalCase.Category ?? string.Empty, evalCase.Transform ?? string.Empty, evalCase.Text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var value = new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
        lock (_gate)
        {
            _sum += value;
            _count++;
        }
    }

    /// <summary>The fingerprint, e.g. <c>3636:5f0c…</c> (the count, then 32 hex digits).</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            return _count.ToString(CultureInfo.InvariantCulture) + ":" + _sum.ToString("x32", CultureInfo.InvariantCulture);
        }
    }
}
