"""The build: articles in, the event graph's files out (see :mod:`eventgraph.pipeline.orchestrate`)."""

from eventgraph.pipeline.orchestrate import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_RECORDS,
    DEFAULT_MAX_SECONDS,
    BuildResult,
    build,
)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_RECORDS", "DEFAULT_MAX_SECONDS", "BuildResult", "build"]
