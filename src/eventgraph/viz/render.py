"""Pages as HTML, from our own templates (pyvis 0.3.2's template loads Bootstrap and vis-network
from CDNs and injects tooltips with ``innerHTML``): vis-network's JS/CSS inlined, a strict
Content-Security-Policy, article text only as escaped JSON that the page's script shows with
``textContent``; also the navigation bar, the writer, and a view inline in a notebook."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventgraph.outputs import view_file
from eventgraph.viz.model import GraphModel, local_name
from eventgraph.viz.payload import View

_TEMPLATES = resources.files("eventgraph") / "templates"
_MARKER = re.compile(r"@@([A-Z_]+)@@")


@cache
def asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


@cache
def vis_asset(name: str) -> str:
    """A file of the vis-network release that pyvis ships, found without importing pyvis (its
    package imports IPython and Jinja)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: the views need its copy of vis-network")
    path = Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.IGNORECASE) or "<!--" in text:
        raise RuntimeError(f"{path} cannot be inlined safely")
    return text


def fill(template: str, values: Mapping[str, str]) -> str:
    """Substitute ``@@NAME@@`` markers in one pass (inserted text is never re-scanned)."""
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, no U+2028)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


def nav(links: Sequence[tuple[str, str]], current: str) -> str:
    """The navigation bar: a link per (page name, title), the current page marked."""
    out = []
    for name, title in links:
        if name == current:
            out.append(f'<a href="{view_file(name)}" aria-current="page">{html.escape(title)}</a>')
        else:
            out.append(f'<a href="{view_file(name)}">{html.escape(title)}</a>')
    return "".join(out)


MAX_TIP_SOURCES = 8


def _slim(items: list[dict[str, Any]], keep_src: bool) -> None:
    """Tooltips list at most MAX_TIP_SOURCES sources (and say how many there are); the per-item
    source lists, needed only by the source filter, go where there is no filter."""
    for item in items:
        tip = item.get("tip")
        if tip and len(tip.get("src", ())) > MAX_TIP_SOURCES:
            tip["nsrc"] = len(tip["src"])
            tip["src"] = tip["src"][:MAX_TIP_SOURCES]
        if not keep_src:
            item.pop("src", None)


def _cited_sources(items: Iterable[dict[str, Any]]) -> set[str]:
    """The article ids that a view's items name: in their tooltips, evidence and filter lists."""
    out: set[str] = set()
    for item in items:
        out.update(item.get("src", ()))
        tip = item.get("tip") or {}
        out.update(tip.get("src", ()))
        out.update(e[0] for e in tip.get("ev", ()))
    return out


#: characters of a story's label in the story filter
STORY_LABEL_CHARS = 90


def story_options(model: GraphModel, stories: Iterable[str]) -> list[dict[str, Any]]:
    """The story filter's entries for the stories ``stories`` (IRIs): the largest first (by
    articles), each with its id (the end of its IRI, as pages pass it on in ``#story=``), label
    and number of articles."""
    from eventgraph.viz.tooltips import clip

    infos = sorted(
        (model.stories[s] for s in set(stories) if s in model.stories),
        key=lambda st: (-len(st.articles), st.label, st.iri),
    )
    return [
        {"id": local_name(st.iri), "label": clip(st.label, STORY_LABEL_CHARS), "n": len(st.articles)}
        for st in infos
    ]


def mark_stories(model: GraphModel, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each item (node or edge) ``st``: the indices, in the returned story filter's list, of
    the stories its sources belong to. Read before the sources lists are cut short."""
    of_item = []
    for item in items:
        srcs = item.get("src") or (item.get("tip") or {}).get("src") or ()
        of_item.append(model.stories_of(srcs))
    options = story_options(model, set().union(*of_item) if of_item else ())
    index = {o["id"]: i for i, o in enumerate(options)}
    for item, sts in zip(items, of_item, strict=True):
        if sts:
            item["st"] = sorted(index[local_name(s)] for s in sts)
    return options


STORY_FILTER = '<label class="eg-field">Story <select id="eg-story"></select></label>'


def build_line(counts: Mapping[str, Any]) -> str:
    """The build's figures in one line, the same on every page (:mod:`eventgraph.counts`)."""
    from eventgraph.viz.tooltips import plural

    return (
        f"{plural(counts['articles'], 'article')} ({counts['sources']:,} report events) · "
        f"{plural(counts['events'], 'event')} · {plural(counts['actors'], 'actor')} · "
        f"{plural(counts['places'], 'place')} · {plural(counts['disagreements'], 'disagreement')}"
    )


def render_view(view: View, model: GraphModel, nav_html: str, counts: Mapping[str, Any] | None = None) -> str:
    """A graph view's page; it trims the view's tooltips and filter lists on the way. ``counts``:
    the build's :mod:`eventgraph.counts` (computed from ``model`` when not given)."""
    if counts is None:
        from eventgraph.counts import count

        counts = count(model).as_dict()
    stories = mark_stories(model, [*view.nodes, *view.edges])
    _slim(view.nodes, view.filter)
    _slim(view.edges, view.filter)
    # only the articles the page names: a build has tens of thousands, a page names a few thousand
    cited = _cited_sources([*view.nodes, *view.edges])
    sources = [
        {"id": s.id, "title": s.title or "", "publisher": s.publisher or "", "issued": s.issued or ""}
        for s in (model.sources[sid] for sid in sorted(cited) if sid in model.sources)
    ]
    data = {
        "view": view.name,
        "physics": view.physics,
        "nodes": view.nodes,
        "edges": view.edges,
        "options": view.options,
        "legend": view.legend,
        "sources": sources,
        "filter": view.filter,
        "stories": stories,
        "outside": {"n": view.outside[0], "what": view.outside[1]},
    }
    shown = (
        f"{len(view.nodes):,} of {view.total_nodes:,} nodes and {len(view.edges):,} of "
        f"{view.total_edges:,} edges shown · {build_line(counts)}"
    )
    note_text = view.note
    if view.outside[0]:
        note_text = (
            (f"{note_text} " if note_text else "")
            + f"The connected core is shown; {view.outside[0]:,} {view.outside[1]} are hidden "
            "(tick “Show” to see them)."
        )
    note = f'<p class="eg-note" id="eg-note">{escape(note_text)}</p>' if note_text else ""
    return fill(
        asset("view.html"),
        {
            "TITLE": escape(f"{view.title} · eventgraph"),
            "NAV": nav_html,
            "HEADING": escape(view.title),
            "INTRO": escape(view.intro),
            "COUNTS": escape(shown),
            "NOTE": note,
            "FILTER": (STORY_FILTER if len(stories) > 1 else "")
            + (
                '<label class="eg-field">Show <select id="eg-filter"></select></label>' if view.filter else ""
            ),
            "CSS": asset("view.css"),
            "VIS_CSS": vis_asset("vis-network.css"),
            "VIS_JS": vis_asset("vis-network.min.js"),
            "JS": asset("story.js") + asset("view.js"),
            "DATA": json_for_script(data),
        },
    )


def view_entry(view: View) -> str:
    """A graph view's line on the overview page: its intro and how much of the graph it shows."""
    extra = f" — {view.note}" if view.note else ""
    return (
        f'<li><a href="{view_file(view.name)}">{escape(view.title)}</a>: {escape(view.intro)} '
        f"<small>({len(view.nodes):,} of {view.total_nodes:,} nodes, {len(view.edges):,} of "
        f"{view.total_edges:,} edges{escape(extra)})</small></li>"
    )


def render_page(title: str, body: str, nav_html: str, script: str = "") -> str:
    """A page that is not a graph view: ``body`` (HTML) in the common frame."""
    return fill(
        asset("page.html"),
        {
            "TITLE": escape(f"{title} · eventgraph"),
            "NAV": nav_html,
            "CSS": asset("view.css"),
            "BODY": body,
            "SCRIPT": script,
        },
    )


def write_pages(out_dir: Path, pages: Iterable[tuple[str, str]]) -> list[Path]:
    """Write (file name, HTML) pairs into ``out_dir``; returns the paths in that order."""
    # written beside and renamed into place: a killed build keeps the previous page whole
    from eventgraph.export import atomic_write

    paths = []
    for name, page in pages:
        p = out_dir / name
        with atomic_write(p, "w") as fh:
            fh.write(page)
        paths.append(p)
    return paths


def render_inline(path_or_html: Path | str, *, height: int = 640) -> Any:
    """An IPython display object showing a view inline (an ``<iframe srcdoc>``: works offline)."""
    from IPython.display import HTML

    text = str(path_or_html)
    if isinstance(path_or_html, Path) or (not text.lstrip().startswith("<") and Path(text).is_file()):
        text = Path(path_or_html).read_text(encoding="utf-8")
    return HTML(
        f'<div class="eventgraph-view"><iframe srcdoc="{html.escape(text, quote=True)}" '
        'sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )
