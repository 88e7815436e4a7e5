"""HTTP plumbing shared by the two kinds of store traffic: SPARQL queries (:mod:`eventgraph.sparql`)
and Graph Store loads (:mod:`eventgraph.store`). Both depend on this module, neither on the other's
HTTP code.

Credentials (basic or digest, whichever the server asks for) come from ``EVENTGRAPH_STORE_USER`` /
``EVENTGRAPH_STORE_PASSWORD``; a password is never taken from the command line.
"""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request

__all__ = ["PASSWORD_ENV", "USER_ENV", "CredentialsError", "credentials_from_env", "http_opener", "one_line"]

USER_ENV = "EVENTGRAPH_STORE_USER"
PASSWORD_ENV = "EVENTGRAPH_STORE_PASSWORD"


class CredentialsError(Exception):
    """A user name is set but no password is."""


def http_opener(
    url: str, user: str | None = None, password: str | None = None
) -> urllib.request.OpenerDirector:
    """A urllib opener that answers basic or digest challenges from ``url``'s host, and only there."""
    handlers: list[urllib.request.BaseHandler] = []
    if user:
        parts = urllib.parse.urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}/"
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, root, user, password or "")
        handlers += [
            urllib.request.HTTPDigestAuthHandler(manager),
            urllib.request.HTTPBasicAuthHandler(manager),
        ]
    return urllib.request.build_opener(*handlers)


def credentials_from_env(
    user: str | None = None, password_env: str | None = None
) -> tuple[str | None, str | None]:
    """``user`` (else ``$EVENTGRAPH_STORE_USER``) and the password from ``$password_env``
    (else ``$EVENTGRAPH_STORE_PASSWORD``)."""
    user = user or os.environ.get(USER_ENV) or None
    var = password_env or PASSWORD_ENV
    password = os.environ.get(var)
    if user and password is None:
        raise CredentialsError(f"a store user is set ({user}) but ${var} holds no password")
    return user, password


def one_line(body: bytes, limit: int = 200) -> str:
    """A server's error body as one line of at most ``limit`` characters, HTML tags left out."""
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML error pages
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
