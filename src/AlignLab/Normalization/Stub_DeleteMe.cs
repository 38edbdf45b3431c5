#pragma warning disable
namespace AlignLab.Normalization;
public readonly record struct TextSpan(int Start, int Length) { public int End => Start + Length; public bool Overlaps(TextSpan o) => Start < o.End && o.Start < End; }
public enum TransformKind { UnicodeCompatibility, InvisibleCharacter, BidiControl, Homoglyph, Diacritic, Leetspeak, SpacedLetters, Base64, Hex, Rot13 }
public sealed record NormalizationEvent(TransformKind Kind, TextSpan OriginalSpan, string Detail);
public sealed class TextView { public TextView(string t, string o){Text=t.ToLowerInvariant();} public string Text {get;} public string Source => "normalized"; public TextSpan MapToOriginal(int s,int l)=>new(s,l); public IReadOnlyList<NormalizationEvent> Events=>[]; }
public sealed class NormalizedText { public NormalizedText(string o){Original=o;Primary=new TextView(o,o);} public string Original{get;} public TextView Primary{get;} public IReadOnlyList<TextView> Views=>[Primary]; public IReadOnlyList<NormalizationEvent> Events=>[]; public IEnumerable<NormalizationEvent> EventsOverlapping(TextSpan s)=>[]; }
public sealed class TextNormalizer { public static TextNormalizer Default {get;} = new(); public NormalizedText Normalize(string t)=>new(t); }
