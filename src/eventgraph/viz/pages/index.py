"""The overview page (index.html): the registered pages, central actors, components,
disagreements and the sources of a build."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eventgraph.humanize import value
from eventgraph.viz.model import GraphModel
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.render import escape, render_page
from eventgraph.viz.tooltips import fmt_values, plural


def index_page(
    title: str, model: GraphModel, entries: Sequence[str], stats: Mapping[str, Any], nav_html: str
) -> str:
    """The overview: ``entries`` (the other pages' lines, in the registry's order) and the
    analytics ``stats`` of the build."""
    c = stats["counts"]
    cen = stats["central_actors"]
    crow = []
    for i in range(len(cen["degree"])):
        cells = []
        for key in ("degree", "betweenness", "pagerank"):
            r = cen[key][i] if i < len(cen[key]) else None
            cells.append(
                f"<td>{escape(r['label'])} <small>{r['score']:.3f}</small></td>" if r else "<td></td>"
            )
        crow.append(f"<tr><td>{i + 1}</td>{''.join(cells)}</tr>")
    comp = stats["components"]["actor_network"]
    dis = stats["disagreements"]
    dis_items = "".join(
        f"<li><b>{escape(d['label'])}</b> — {escape(d['property'])}: "
        + escape(fmt_values(((value(d["property"], v["value"]), v["sources"]) for v in d["values"]), " vs "))
        + "</li>"
        for d in dis[:50]
    )
    src_rows = "".join(
        f"<tr><td><span class=eg-src>{escape(s.id)}</span></td><td>{escape(s.title or '')}</td>"
        f"<td>{escape(s.publisher or '')}</td><td>{escape(s.issued or '')}</td>"
        f"<td class=eg-url>{escape(s.url or '')}</td></tr>"
        for s in sorted(model.sources.values(), key=lambda s: s.id)[:500]
    )
    more_src = f"<p>… and {len(model.sources) - 500:,} more sources.</p>" if len(model.sources) > 500 else ""
    body = (
        "<h1>eventgraph views</h1>"
        f'<p class="eg-counts">{plural(c["articles"], "article")} ({c["sources"]:,} report events, '
        f"{len(c['articles_without_events']):,} none) · {plural(c['events'], 'event')} "
        f"({c['events_multi_source']:,} stated by 2 or more sources) · {plural(c['actors'], 'actor')} · "
        f"{plural(c['places'], 'place')} · {plural(c['disagreements'], 'disagreement')}</p>"
        f"<ul class=eg-views>{''.join(entries)}</ul>"
        "<h2>Most central actors</h2>"
        f"<p>In the actor network ({stats['actor_network']['nodes']:,} actors, "
        f"{stats['actor_network']['edges']:,} relations; "
        f"betweenness {escape(cen['betweenness_method'])}).</p>"
        '<table class="eg-table"><thead><tr><th>#</th><th>Degree</th><th>Betweenness</th><th>PageRank</th>'
        f"</tr></thead><tbody>{''.join(crow)}</tbody></table>"
        "<h2>Connected components</h2>"
        f"<p>The actor network has {comp['count']:,} connected components"
        + (
            f"; the largest has {comp['largest']['size']:,} actors "
            f"({escape(', '.join(comp['largest']['top_members']))})"
            if comp["largest"]
            else ""
        )
        + f"; {comp['isolated']:,} actors are isolated. "
        + f"Sizes: {escape(', '.join(map(str, comp['sizes'][:20])))}.</p>"
        f"<h2>Disagreements between sources ({len(dis):,})</h2>"
        + (f"<ul>{dis_items}</ul>" if dis_items else "<p>None.</p>")
        + _silent(c.get("articles_without_events", []))
        + "<h2>Sources</h2>"
        '<table class="eg-table"><thead><tr><th>id</th><th>title</th><th>publisher</th>'
        "<th>issued</th><th>url</th>"
        f"</tr></thead><tbody>{src_rows}</tbody></table>{more_src}"
    )
    return render_page(title, body, nav_html)


#: articles without events named on the overview at most (report.json names them all)
MAX_SILENT_LISTED = 300


def _silent(ids: Sequence[str]) -> str:
    """The articles that were read but report no event, named (their actors are in their graphs)."""
    if not ids:
        return ""
    listed = ", ".join(f"<span class=eg-src>{escape(i)}</span>" for i in ids[:MAX_SILENT_LISTED])
    more = (
        f" … and {len(ids) - MAX_SILENT_LISTED:,} more (report.json lists them all)"
        if len(ids) > MAX_SILENT_LISTED
        else ""
    )
    return (
        f"<h2>Articles without events ({len(ids):,})</h2>"
        f"<p>Read, but no event was found in them: {listed}{more}.</p>"
    )


def build(page: Page, ctx: Context) -> Built:
    return Built(index_page(page.title, ctx.model, ctx.entries, ctx.stats, ctx.nav(page.name)), "")
