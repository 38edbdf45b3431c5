using System.Globalization;
using System.Text;

namespace AlignLab.Evaluation.Reports;

/// <summary>A <see cref="StringWriter"/> that reports UTF-8, so an <see cref="System.Xml.XmlWriter"/> over it declares <c>encoding="utf-8"</c> (the string is saved as UTF-8).</summary>
internal sealed class Utf8StringWriter : StringWriter
{
    public Utf8StringWriter()
        : base(CultureInfo.InvariantCulture)
    {
    }

    public override Encoding Encoding { get; } = new UTF8Encoding(false);
}
