using System.Security.Cryptography;
using System.Text;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The shared frame of the HTML reports: inline CSS, the small sorting/filtering script and a Content-Security-Policy
/// that allows only that exact script (by hash), so even an escaping mistake could not run injected code.
/// </summary>
internal static class HtmlPage
{
    public const string Css =
        ":root{--ok:#1b7f3a;--bad:#b3261e;--warn:#9a6700;--muted:#666;--line:#d0d7de}" +
        "*{box-sizing:border-box}" +
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;padding:1.5rem clamp(.75rem,2.5vw,2rem);max-width:1680px;color:#1f2328;line-height:1.4}" +
        "h1{margin:0 0 .25rem;font-size:1.6rem}h2{margin:2rem 0 .5rem;font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}" +
        ".sub{color:var(--muted);margin:0 0 1rem}" +
        "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0;font-size:.9rem}" +
        "dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}" +
        "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}" +
        "th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top}" +
        "thead th{background:#f6f8fa;text-align:left;white-space:nowrap}" +
        "td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}" +
        "tbody th{text-align:left;font-weight:600}" +
        "table.sortable thead th{cursor:pointer}" +
        "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}" +
        ".ci{display:block;color:var(--muted);font-size:.75rem;white-space:nowrap}" +
        ".n{color:var(--muted);font-size:.75rem}" +
        ".badge{display:inline-block;padding:.05rem .45rem;border-radius:1rem;font-size:.75rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}" +
        ".pass,.ok{color:var(--ok)}.fail,.bad,.err{color:var(--bad)}.warn{color:var(--warn)}.na{color:var(--muted)}" +
        "tr.unavailable td{color:var(--muted);font-style:italic}" +
        ".banner{display:inline-block;margin:.75rem 0 0;padding:.3rem .8rem;border-radius:.3rem;font-weight:700}" +
        ".banner.pass{background:#dafbe1}.banner.fail{background:#ffebe9}" +
        "p.warning{color:var(--warn);background:#fff8c5;border:1px solid #d4a72c;border-radius:.3rem;padding:.4rem .7rem;max-width:80rem}" +
        ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,34rem),1fr));gap:1.25rem}" +
        "figure{margin:0;border:1px solid var(--line);border-radius:.3rem;padding:.5rem;background:#fff;min-width:0}" +
        "figure svg{margin:0 auto}" +
        "figcaption{color:var(--muted);font-size:.8rem;margin-top:.25rem}" +
        "svg{display:block;max-width:100%;height:auto}" +
        ".note{color:var(--muted);font-size:.85rem;max-width:80rem}" +
        "table.strategies,table.attacks,table.comparison{width:100%}" +
        "table.strategies thead th,table.attacks thead th{white-space:normal}" +
        "table.cases{table-layout:fixed;width:100%}" +
        "table.cases td,table.cases thead th{overflow-wrap:break-word;white-space:normal}" +
        "table.cases td.r{white-space:nowrap}" +
        "col.w-kind{width:9rem}col.w-id{width:9.5rem}col.w-where{width:11rem}col.w-act{width:9.5rem}col.w-num{width:4.5rem}col.w-lat{width:5.5rem}" +
        ".where span,.sub2{display:block}.sub2{color:var(--muted);font-size:.75rem;margin-top:.15rem}.where span+span{font-size:.8rem}" +
        ".txt{overflow-wrap:anywhere;white-space:pre-wrap;unicode-bidi:plaintext}" +
        ".clip{max-height:12rem;overflow:auto}" +
        ".txt details summary{cursor:pointer;list-style-position:outside}" +
        "code,.mono{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:.8rem}" +
        "#case-controls{margin:.25rem 0;font-size:.85rem}#case-controls input{width:18rem}" +
        ".delta-up{color:var(--ok)}.delta-down{color:var(--bad)}" +
        "footer{margin-top:2rem;color:var(--muted);font-size:.8rem}";

    public const string Script =
        "(function(){'use strict';" +
        "document.querySelectorAll('table.sortable').forEach(function(t){" +
        "if(!t.tHead||!t.tBodies.length){return;}" +
        "var ths=t.tHead.rows[0].cells;" +
        "Array.prototype.forEach.call(ths,function(th,i){" +
        "th.tabIndex=0;" +
        "var go=function(){var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),asc=th.getAttribute('aria-sort')!=='ascending';" +
        "Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});" +
        "th.setAttribute('aria-sort',asc?'ascending':'descending');" +
        "rows.sort(function(r1,r2){var a=r1.cells[i],c=r2.cells[i];if(!a||!c){return 0;}" +
        "var x=a.getAttribute('data-v'),y=c.getAttribute('data-v'),nx=parseFloat(x),ny=parseFloat(y);" +
        "var d=(x!==null&&y!==null&&!isNaN(nx)&&!isNaN(ny))?nx-ny:a.textContent.localeCompare(c.textContent);" +
        "return asc?d:-d;});" +
        "rows.forEach(function(r){b.appendChild(r);});};" +
        "th.addEventListener('click',go);" +
        "th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();go();}});});});" +
        "var f=document.getElementById('case-filter'),k=document.getElementById('case-kind'),c=document.getElementById('case-controls');" +
        "if(f&&k&&c){c.hidden=false;" +
        "var apply=function(){var q=f.value.toLowerCase(),kv=k.value;" +
        "document.querySelectorAll('#cases tbody tr').forEach(function(r){" +
        "r.hidden=!((!kv||r.getAttribute('data-kind')===kv)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0));});};" +
        "f.addEventListener('input',apply);k.addEventListener('change',apply);}" +
        "})();";

    /// <summary>The CSP source for <see cref="Script"/>: 'sha256-…'.</summary>
    public static string ScriptHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script))) + "'";

    public static void Begin(TextWriter o, string title)
    {
        o.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        o.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src ");
        o.Write(ScriptHash);
        o.Write("; base-uri 'none'; form-action 'none'\"/>");
        o.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><meta name=\"referrer\" content=\"no-referrer\"/>");
        o.Write("<title>");
        o.Write(ReportFormat.H(title));
        o.Write("</title><style>");
        o.Write(Css);
        o.Write("</style></head>\n<body>\n");
    }

    public static void End(TextWriter o)
    {
        o.Write("<footer>Generated by AlignLab. Rates carry 95% Wilson score confidence intervals. This page is self-contained and works without JavaScript; scripts only sort and filter tables.</footer>\n");
        o.Write("<script>");
        o.Write(Script);
        o.Write("</script>\n</body></html>\n");
    }
}
