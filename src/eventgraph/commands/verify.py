"""``eventgraph verify OUT``: check a build's folder against its manifest (after copying it around)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("output", metavar="OUTPUT_DIR", help="a build's output folder (with manifest.json)")


def run(args: argparse.Namespace) -> int:
    from eventgraph.commands.build import terminal_safe
    from eventgraph.manifest import verify

    root = Path(args.output)
    if not root.is_dir():
        print(f"eventgraph verify: {terminal_safe(str(root))}: not a folder", file=sys.stderr)
        return 2
    manifest, problems = verify(root)
    for problem in problems:
        print(f"eventgraph verify: {terminal_safe(problem)}", file=sys.stderr)
    if manifest is None:
        return 2
    if problems:
        print(f"{terminal_safe(str(root))}: {len(problems)} problem(s); build {manifest.get('build_id')}")
        return 1
    print(
        f"{terminal_safe(str(root))}: ok, {len(manifest['files'])} files as build "
        f"{manifest.get('build_id')} wrote them ({manifest.get('generated_at')})"
    )
    return 0
