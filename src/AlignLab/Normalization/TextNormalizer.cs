using System.Buffers;
using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// De-obfuscates text before rule matching and keeps a map from every output character back to the input.
/// </summary>
/// <remarks>
/// <para>The primary view is produced by, in order: a character pass (NFKC compatibility folding, removal of
/// invisible and bidi control characters, combining-mark stripping, homoglyph folding, invariant lower-casing),
/// joining of spaced-out letters (see <see cref="SpacedLetterCollapser"/>) and leetspeak folding (see
/// <see cref="LeetspeakFolder"/>). Whitespace is not collapsed: every Unicode space separator becomes one ASCII
/// space, tabs and line breaks are kept, so word boundaries are where they were in the input.</para>
/// <para>C0 and C1 control characters (except tab, line feed and carriage return) are removed like the other
/// invisible characters; when one sits between two letters or digits, a <see cref="TextView.SeparatedSource"/> view
/// reads every control character as a space instead, so neither joining nor splitting the words around it hides them.</para>
/// <para>Base64 and hex segments of the raw input are decoded into extra views (recursively, up to
/// <see cref="NormalizationOptions.MaxDecodeDepth"/>), and rot13 stretches give a rot13 view whose characters
/// map exactly like the view they come from.</para>
/// <para>Instances are immutable and thread-safe; <see cref="Normalize"/> never throws, runs in time linear in the
/// input length and uses no regular expressions.</para>
/// </remarks>
public sealed class TextNormalizer
{
    private readonly NormalizationOptions _options;
    private readonly CharFolder _folder;

    /// <summary>Creates a normaliser with a copy of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="NormalizationOptions.Validate"/>).</exception>
    public TextNormalizer(NormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid normalization options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options.Clone();
        _folder = CharFolder.For(_options);
    }

    /// <summary>A shared normaliser with the default options.</summary>
    public static TextNormalizer Default { get; } = new(new NormalizationOptions());

    /// <summary>A copy of the options this normaliser uses.</summary>
    public NormalizationOptions Options => _options.Clone();

    /// <summary>Normalises <paramref name="text"/> (null is treated as the empty string). Never throws.</summary>
    public NormalizedText Normalize(string text)
    {
        text ??= string.Empty;
        var views = new List<TextView>(1);
        List<NormalizationEvent>? all = null;
        var budget = _options.MaxDecodedSegments;
        Process(text, 0, null, TextView.NormalizedSource, null, text.Length, views, ref all, ref budget);
        NormalizationEvent[] events;
        if (all is null || all.Count == 0)
        {
            events = [];
        }
        else
        {
            events = EventOrder.Sort([.. all]);
        }

        return new NormalizedText(text, views.ToArray(), events);
    }

    private void Process(string input, int depth, TextSpan? constant, string source, NormalizationEvent? origin, int originalLength,
        List<TextView> views, ref List<NormalizationEvent>? all, ref int budget)
    {
        const int StackBytes = 4096;
        const int StackWords = 5 * (StackBytes / 64);
        var o = _options;
        var n = input.Length;
        var words = BitMask.WordCount(n);
        byte[]? rentedBytes = null;
        ulong[]? rentedMasks = null;
        var bytes = n <= StackBytes ? stackalloc byte[n] : (rentedBytes = ArrayPool<byte>.Shared.Rent(n)).AsSpan(0, n);
        var masks = 5 * words <= StackWords ? stackalloc ulong[5 * words] : (rentedMasks = ArrayPool<ulong>.Shared.Rent(5 * words)).AsSpan(0, 5 * words);
        try
        {
            var letters = masks[..words];
            var alphabet = masks.Slice(words, words);
            var hex = masks.Slice(2 * words, words);
            var upperOrDigit = masks.Slice(3 * words, words);
            var spaced = masks.Slice(4 * words, words);
            var fast = TryAscii(input, bytes, letters, alphabet, hex, upperOrDigit, spaced, out var text);
            OffsetMap? map = null;
            NormalizationEvent[] own = [];
            string? leet = null;
            if (!fast)
            {
                (text, map, own, leet) = NormalizeGeneral(input, constant);
            }
            else if (o.AddLeetspeakView && LeetspeakView.Applies(text))
            {
                leet = string.Create(text.Length, text, static (dst, src) =>
                {
                    src.CopyTo(dst);
                    LeetspeakView.Fold(dst);
                });
            }

            var viewEvents = origin is null ? own : [origin, .. own];
            var view = constant is { } span
                ? TextView.Constant(text, source, span, originalLength, viewEvents)
                : TextView.Mapped(text, source, map, originalLength, viewEvents);
            views.Add(view);
            if (viewEvents.Length > 0)
            {
                (all ??= []).AddRange(viewEvents);
            }

            if (o.DecodeRot13)
            {
                var segments = fast ? Rot13Detector.Find(text, letters) : Rot13Detector.Find(text);
                if (segments is not null)
                {
                    AddRot13View(view, segments, viewEvents, constant, originalLength, views, ref all);
                }
            }

            if (leet is not null)
            {
                views.Add(constant is { } c
                    ? TextView.Constant(leet, TextView.LeetspeakSource, c, originalLength, viewEvents)
                    : TextView.Mapped(leet, TextView.LeetspeakSource, view.Map, originalLength, viewEvents));
            }

            if (!fast && o.RemoveInvisibleCharacters && ControlBreaks.TryReadAsSpaces(input, out var separated))
            {
                // A control character between two letters or digits may hide a word break ("bomb\u0001how") as well as
                // split a word ("b\u0001omb"): the primary view joins, this view separates. Same length, so same offsets.
                var (sepText, sepMap, _, _) = NormalizeGeneral(separated, constant);
                views.Add(constant is { } c
                    ? TextView.Constant(sepText, TextView.SeparatedSource, c, originalLength, viewEvents)
                    : TextView.Mapped(sepText, TextView.SeparatedSource, sepMap, originalLength, viewEvents));
            }

            if (depth >= o.MaxDecodeDepth || budget <= 0)
            {
                return;
            }

            var found = fast
                ? EncodedSegmentScanner.Scan(input, o, budget, alphabet, hex, upperOrDigit)
                : EncodedSegmentScanner.Scan(input, o, budget);
            if (o.ReassemblePayloadSplits && PayloadSplitReassembler.Find(input) is { } split)
            {
                (found ??= []).Add(split);
            }

            if (found is null)
            {
                return;
            }

            foreach (var segment in found)
            {
                if (budget <= 0)
                {
                    break;
                }

                budget--;
                var segmentSpan = constant ?? TextSpan.FromBounds(segment.Start, segment.End);
                var name = segment.Kind switch
                {
                    TransformKind.Base64 => TextView.Base64Source,
                    TransformKind.Hex => TextView.HexSource,
                    _ => TextView.PayloadSplitSource,
                };
                var detail = EventCollector.Truncate($"{name} -> {EventCollector.Quote(segment.Decoded, 64)}");
                var decodeEvent = new NormalizationEvent(segment.Kind, segmentSpan, detail);
                Process(segment.Decoded, depth + 1, segmentSpan, name, decodeEvent, originalLength, views, ref all, ref budget);
            }
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedMasks is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedMasks);
            }
        }
    }

    /// <summary>
    /// Fast path for ASCII input without control characters that neither spaced letters nor leetspeak would change (ordinary prompts):
    /// the text is the lower-cased input with the identity map, and the masks for the later scanners are built
    /// in the same SIMD pass.
    /// </summary>
    private bool TryAscii(string input, Span<byte> bytes, Span<ulong> letters, Span<ulong> alphabet, Span<ulong> hex, Span<ulong> upperOrDigit,
        Span<ulong> spaced, out string text)
    {
        text = string.Empty;
        if (!_options.UseAsciiFastPath || input.AsSpan().ContainsAnyExcept(AsciiText.PlainChars)
            || Ascii.FromUtf16(input, bytes, out _) != OperationStatus.Done)
        {
            return false;
        }

        AsciiMasks.Build(bytes, letters, alphabet, hex, upperOrDigit, spaced);
        var lower = string.Create(input.Length, input, static (dst, src) => Ascii.ToLower(src, dst, out _));
        if ((_options.CollapseSpacedLetters && SpacedLetterCollapser.HasRun(lower, spaced))
            || (_options.FoldLeetspeak && LeetspeakFolder.WouldChange(lower)))
        {
            return false;
        }

        text = lower;
        return true;
    }

    /// <summary>Steps 1–6 with a full character map and events, and the leetspeak view's text when it applies.</summary>
    private (string Text, OffsetMap? Map, NormalizationEvent[] Events, string? Leet) NormalizeGeneral(string input, TextSpan? constant)
    {
        var o = _options;
        var collector = new EventCollector(o.MaxEvents);
        using var buffer = CharacterPass.Run(input, _folder, collector);
        if (o.CollapseSpacedLetters)
        {
            SpacedLetterCollapser.Run(buffer, input, collector);
        }

        // The leetspeak view folds the text as it is before the conservative fold (one char for one char: same map).
        string? leet = null;
        if (o.AddLeetspeakView && LeetspeakView.Applies(buffer.Span))
        {
            var chars = buffer.Span.ToArray();
            LeetspeakView.Fold(chars);
            leet = new string(chars);
        }

        if (o.FoldLeetspeak)
        {
            LeetspeakFolder.Run(buffer, collector);
        }

        return (buffer.ToString(), constant is null ? buffer.BuildMap() : null, collector.Build(constant), leet);
    }

    private static void AddRot13View(TextView view, List<(int Start, int End)> segments, NormalizationEvent[] viewEvents, TextSpan? constant,
        int originalLength, List<TextView> views, ref List<NormalizationEvent>? all)
    {
        var text = view.Text;
        var rotated = Rot13Detector.Apply(text, segments);
        var rotEvents = new NormalizationEvent[segments.Count];
        for (var k = 0; k < segments.Count; k++)
        {
            var (start, end) = segments[k];
            var detail = "rot13 -> " + EventCollector.Quote(rotated.AsSpan(start, end - start), 64);
            rotEvents[k] = new NormalizationEvent(TransformKind.Rot13, view.MapToOriginal(start, end - start), EventCollector.Truncate(detail));
        }

        var rotViewEvents = EventOrder.Sort([.. viewEvents, .. rotEvents]);

        views.Add(constant is { } c
            ? TextView.Constant(rotated, TextView.Rot13Source, c, originalLength, rotViewEvents)
            : TextView.Mapped(rotated, TextView.Rot13Source, view.Map, originalLength, rotViewEvents));
        (all ??= []).AddRange(rotEvents);

        // The encoded stretch alone, like a decoded base64 segment: without the text around it ("Decode this ROT13 and
        // answer it: …"), it is scored exactly as the request written plainly is.
        var (from, to) = Rot13Detector.Block(text, segments);
        if (from > 0 || to < text.Length)
        {
            var span = constant ?? view.MapToOriginal(from, to - from);
            views.Add(TextView.Constant(rotated[from..to], TextView.Rot13Source, span, originalLength, rotViewEvents));
        }
    }
}
