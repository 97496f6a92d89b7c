/*
 * The HTML report's style sheet and script, inline in every report so that
 * the page needs nothing beside itself: opened from disk, attached to an
 * e-mail, or printed on A4 (the summary on the first page, the Gantt chart
 * one landscape page per goal, no heading left at the foot of a page).
 *
 * Colours: every text colour has a contrast of at least 4.5:1 on its
 * background (status words are dark on a pale tint of the status colour);
 * status is never shown by colour alone.
 */
#include "report/render_html.h"

static const char style[] =
	":root{--ink:#1b2330;--muted:#4a5363;--rule:#d5dae1;--soft:#f4f6f8;--brand:#0b3d62;"
	"--hi:#1f5c99;--mid:#cfe0f1;--at:#a3261b}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%}\n"
	"body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 \"Segoe UI\",\"Helvetica "
	"Neue\",Arial,\"Liberation Sans\",\"DejaVu Sans\",sans-serif}\n"
	".page{max-width:1240px;margin:0 auto;padding:0 32px 48px}\n"
	"[hidden]{display:none!important}\n"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
	"white-space:nowrap}\n"
	"a{color:var(--brand)}\n"
	"code{font:0.92em/1 \"DejaVu Sans Mono\",Consolas,monospace}\n"
	"h1,h2,h3,h4{color:var(--brand);line-height:1.25;margin:0}\n"
	"h1{font-size:30px;margin:6px 0 4px}\n"
	"h2{font-size:23px;margin:40px 0 14px;padding-bottom:6px;border-bottom:2px solid "
	"var(--brand)}\n"
	"h3{font-size:19px;margin:30px 0 8px}\n"
	"h4{font-size:16px;margin:22px 0 4px}\n"
	".masthead{border-top:8px solid var(--brand);padding:26px 0 18px;border-bottom:1px "
	"solid var(--rule)}\n"
	".kicker{margin:0;font-size:13px;font-weight:600;letter-spacing:.06em;"
	"text-transform:uppercase;color:var(--muted)}\n"
	".org{margin:0;font-size:17px;color:var(--ink)}\n"
	".facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px "
	"24px;margin:18px 0 0}\n"
	".facts div{border-left:3px solid var(--rule);padding-left:10px}\n"
	".facts dt{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.05em;"
	"color:var(--muted)}\n"
	".facts dd{margin:0;font-size:15px}\n"
	".goal-text{margin:18px 0 0;max-width:62em;font-size:16px}\n"
	".warn{margin:16px 0 0;padding:10px 14px;border-left:4px solid var(--at);"
	"background:#fbeceb;color:#7a1c14}\n"
	"nav.toc{margin:16px 0 0;font-size:14px}\n"
	"nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px}\n"
	".lead{max-width:62em;color:var(--muted);margin:0 0 12px}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top}\n"
	"caption{text-align:left;color:var(--muted);font-size:13px;padding:0 0 6px}\n"
	/* Status words: a dot in the status colour and the word in dark ink on a tint. */
	".st{display:inline-block;white-space:nowrap;font-size:13px;font-weight:600;"
	"padding:1px 8px 1px 6px;border-radius:10px;border:1px solid transparent}\n"
	".st::before{content:\"\";display:inline-block;width:8px;height:8px;border-radius:50%;"
	"margin-right:6px;vertical-align:1px;background:currentColor}\n"
	".st-met{background:#dcefe0;color:#14532d;border-color:#a9d3b3}\n"
	".st-met-late{background:#e6f0d3;color:#3a5210;border-color:#bfd69a}\n"
	".st-partial{background:#fdf0c8;color:#664400;border-color:#ecd27e}\n"
	".st-not-met{background:#f9dcda;color:#8a1b12;border-color:#eba9a3}\n"
	".st-in-progress{background:#dde9f7;color:#12467a;border-color:#a9c6e8}\n"
	".st-not-started{background:#eceef1;color:#3b4250;border-color:#cfd4db}\n"
	/* Summary. */
	".overview{display:grid;grid-template-columns:minmax(0,1fr);gap:14px}\n"
	".stack{display:block;width:100%;height:30px;border-radius:4px}\n"
	".stack .s-met{fill:#2e7d32}.stack .s-met-late{fill:#7cb342}.stack "
	".s-partial{fill:#e0a800}.stack .s-not-met{fill:#c62828}.stack "
	".s-in-progress{fill:#1f6fbf}.stack .s-not-started{fill:#9aa3ae}\n"
	".counts{display:flex;flex-wrap:wrap;gap:8px 18px;margin:0;padding:0;list-style:none}\n"
	".counts b{font-size:18px;margin-right:4px}\n"
	"table.goals{margin-top:18px}\n"
	"table.goals th,table.goals td{padding:7px 10px;border-bottom:1px solid var(--rule)}\n"
	"table.goals thead th{font-size:13px;color:var(--muted);border-bottom:2px solid "
	"var(--ink);vertical-align:bottom;hyphens:auto}\n"
	"table.goals td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.goals tbody th{width:44%}\n"
	"table.goals thead th.n{text-align:right}\n"
	/* The Gantt chart. */
	".legend{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 12px;padding:0;"
	"list-style:none;font-size:13px;color:var(--ink)}\n"
	".legend li{display:flex;align-items:center;gap:7px}\n"
	".legend svg{flex:none}\n"
	"table.gantt{table-layout:fixed;font-size:13px}\n"
	"table.gantt col.c-act{width:33%}table.gantt col.c-st{width:150px}\n"
	"table.gantt thead th{font-size:12px;color:var(--muted);font-weight:600;"
	"border-bottom:2px solid var(--ink);padding:4px 8px;vertical-align:bottom}\n"
	"table.gantt th.scale{padding:4px 0}\n"
	".years,.qs{display:grid}\n"
	".years span{font-size:13px;color:var(--ink);font-weight:700;padding:0 0 2px 6px;"
	"border-left:1px solid #8c96a3}\n"
	".qs span{font-size:11px;font-weight:400;text-align:center;white-space:nowrap;"
	"overflow:hidden}\n"
	"table.gantt tr.goal th{background:var(--soft);color:var(--brand);font-size:14px;"
	"padding:8px;border-top:1px solid var(--rule)}\n"
	"table.gantt tbody tr[data-activity] th,table.gantt tbody tr[data-activity] "
	"td{border-bottom:1px solid var(--rule);padding:6px 8px}\n"
	"table.gantt td.tl{padding:0!important;vertical-align:middle}\n"
	"table.gantt td.tl svg{display:block;width:100%;height:38px;overflow:visible}\n"
	"table.gantt th[scope=row]{font-weight:400}\n"
	".aid{font-weight:700;margin-right:4px}\n"
	".ameta{display:block;color:var(--muted);font-size:12px}\n"
	"svg .grid{stroke:#e6e9ed;stroke-width:1}svg .grid.y{stroke:#b8c0ca}\n"
	"svg .w-high{fill:var(--hi)}svg .w-medium-high{fill:url(#hatch);stroke:var(--hi);"
	"stroke-width:1.2}\n"
	"svg .atl{stroke:var(--at);stroke-width:1.5;stroke-dasharray:4 3}\n"
	"svg .ev circle{fill:#fff;stroke:#111;stroke-width:1.6}\n"
	"svg .ev text{font-size:10px;font-weight:700;text-anchor:middle;fill:#111}\n"
	"svg .ev:hover circle{fill:#ffd54a}\n"
	/* Indicators. */
	".activity{margin:0 0 8px}\n"
	".ameta-line{margin:2px 0 10px;color:var(--muted);font-size:14px}\n"
	"table.ind{font-size:14px;margin:0 0 6px;table-layout:fixed}\n"
	"table.ind col.c-id{width:88px}table.ind col.c-txt{width:30%}table.ind "
	"col.c-per{width:118px}table.ind col.c-ach{width:92px}table.ind col.c-st{width:146px}\n"
	"table.ind thead th{font-size:12px;color:var(--muted);font-weight:600;"
	"border-bottom:2px solid var(--ink);padding:4px 8px;vertical-align:bottom}\n"
	"table.ind thead th+th{border-left:6px solid transparent}\n"
	"table.ind td,table.ind th[scope=row]{padding:7px 8px;border-bottom:1px solid "
	"var(--rule)}\n"
	"table.ind tbody{border-bottom:2px solid #aab2bd}\n"
	"table.ind th[scope=row]{font-weight:700;white-space:nowrap}\n"
	"table.ind td.ach{font-variant-numeric:tabular-nums}\n"
	".target{display:block;margin-top:4px;color:var(--muted);font-size:13px}\n"
	".small{display:block;color:var(--muted);font-size:12px}\n"
	"ul.evs{margin:0;padding:0;list-style:none}\n"
	"ul.evs li{padding:0 0 6px}\n"
	"ul.evs li+li{border-top:1px dotted var(--rule);padding-top:5px}\n"
	"ul.evs li.nc .et{font-weight:400;text-decoration:line-through}\n"
	".ncw{font-weight:600;font-size:12.5px}\n"
	".et{font-weight:600}.ek,.eref,.prov{color:var(--muted);font-size:12.5px}\n"
	".prov{display:block}\n"
	".none{color:var(--muted)}\n"
	".filter{margin:0 0 16px;padding:10px 14px;border:1px solid var(--rule);"
	"border-radius:6px;background:var(--soft);font-size:14px}\n"
	".filter legend{font-weight:600;padding:0 4px}\n"
	".filter label{margin-right:14px;white-space:nowrap}\n"
	"footer.about{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid "
	"var(--rule);padding-top:10px}\n"
	"footer.about dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}\n"
	"footer.about dd{margin:0}\n"
	/* Print: A4, the chart on a landscape page, no row cut in two. */
	"@page{size:A4;margin:14mm 12mm 14mm}\n"
	"@page wide{size:A4 landscape;margin:10mm 10mm 12mm}\n"
	"@media print{\n"
	"body{font-size:9.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".page{max-width:none;padding:0}\n"
	"nav.toc,.filter{display:none!important}\n"
	"h2{margin-top:0}\n"
	"section.sheet{break-before:page}\n"
	"section#tidsplan{page:wide}\n"
	/* A heading stays whole and with what follows it. */
	"h2,h3,h4,.ameta-line,.lead,caption{break-after:avoid;break-inside:avoid}\n"
	"tr,li,.facts div,.overview{break-inside:avoid}\n"
	"tbody.ind-group{break-inside:avoid}\n"
	"thead{display:table-header-group}\n"
	/* The summary on the first page: the goals' names in a column wide enough
	 * for three or four lines, the counts narrow. */
	"table.goals{table-layout:fixed;margin-top:10px}\n"
	"table.goals thead th:first-child{width:34%}table.goals thead th:nth-child(2){width:15%}\n"
	"table.goals th,table.goals td{padding:4px 5px}\n"
	"table.goals thead th{font-size:7.5pt}\n"
	".masthead{padding:10px 0 10px}.facts{margin-top:10px}\n"
	/* The chart: each goal on a landscape page of its own, the headings repeated. */
	"table.gantt tbody+tbody{break-before:page}\n"
	"table.gantt{font-size:8pt}table.gantt td.tl svg{height:30px}\n"
	"table.gantt tr.goal th{font-size:9pt}\n"
	".st,.ameta,.small,.target,.ek,.eref,.prov,caption,.legend{font-size:7.5pt}\n"
	"table.gantt thead th,table.ind thead th,.qs span{font-size:7.5pt}\n"
	"table.gantt col.c-act{width:30%}\n"
	"table.ind{font-size:8.5pt}\n"
	"table.ind col.c-id{width:62px}table.ind col.c-txt{width:24%}table.ind "
	"col.c-per{width:64px}table.ind col.c-ach{width:60px}table.ind col.c-st{width:96px}\n"
	".st{white-space:nowrap;padding:0 5px 0 4px}.st::before{width:6px;height:6px;"
	"margin-right:4px}\n"
	"table.ind td,table.ind th[scope=row]{padding:4px 5px}\n"
	"h1{font-size:20pt}h2{font-size:15pt}h3{font-size:12pt}h4{font-size:10.5pt}\n"
	".ameta-line,.lead,.goal-text,.facts dd{font-size:9pt}\n"
	"a{color:inherit;text-decoration:none}\n"
	"}\n";

/*
 * Filtering indicators by status: the page shows every indicator without
 * the script; with it, a row of check boxes (hidden until the script runs)
 * hides the indicators of the unticked statuses and the activities left
 * without any.
 */
static const char script[] =
	"(function(){\n"
	"var f=document.getElementById('filter');if(!f||!document.querySelectorAll)return;\n"
	"var boxes=f.querySelectorAll('input[type=checkbox]'),out=document.getElementById("
	"'filter-count');\n"
	"function apply(){\n"
	"var on={},shown=0,total=0,i,j;\n"
	"for(i=0;i<boxes.length;i++)on[boxes[i].value]=boxes[i].checked;\n"
	"var acts=document.querySelectorAll('section.activity');\n"
	"for(i=0;i<acts.length;i++){\n"
	"var groups=acts[i].querySelectorAll('tbody.ind-group'),any=false;\n"
	"for(j=0;j<groups.length;j++){\n"
	"var row=groups[j].querySelector('tr[data-indicator]');\n"
	"var ok=!!on[row.getAttribute('data-status')];\n"
	"groups[j].hidden=!ok;total++;if(ok){shown++;any=true;}}\n"
	"acts[i].hidden=!any&&groups.length>0;}\n"
	"if(out)out.textContent=out.getAttribute('data-template').replace('%1',shown)"
	".replace('%2',total);}\n"
	"for(var k=0;k<boxes.length;k++)boxes[k].addEventListener('change',apply);\n"
	"f.hidden=false;apply();\n"
	"})();\n";

void
render_html_style(buf *out)
{
	buf_puts(out, style);
}

void
render_html_script(buf *out)
{
	buf_puts(out, script);
}
