"""HTTP plumbing shared by the two kinds of store traffic: SPARQL queries (:mod:`eventgraph.sparql`)
and Graph Store loads (:mod:`eventgraph.store`). Both depend on this module, neither on the other's
HTTP code.

Credentials (basic or digest, whichever the server asks for) come from ``EVENTGRAPH_STORE_USER`` /
``EVENTGRAPH_STORE_PASSWORD``; a password is never taken from the command line.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "PASSWORD_ENV",
    "USER_ENV",
    "CredentialsError",
    "SameHostRedirects",
    "credentials_from_env",
    "http_opener",
    "one_line",
    "redact",
]

USER_ENV = "EVENTGRAPH_STORE_USER"
PASSWORD_ENV = "EVENTGRAPH_STORE_PASSWORD"


class CredentialsError(Exception):
    """A user name is set but no password is."""


class SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme, host and port: an endpoint cannot send a query
    (or credentials) on to another machine."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc.lower()) != (new.scheme, new.netloc.lower()):
            where = f"{new.scheme}://{new.hostname or '?'}" + (f":{new.port}" if new.port else "")
            raise urllib.error.HTTPError(
                req.full_url, code, f"redirect to another host refused ({where})", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def redact(text: str, url: str) -> str:
    """``text`` with the password of ``url`` (``http://user:PASSWORD@host/``) masked."""
    try:
        password = urllib.parse.urlsplit(url).password
    except ValueError:
        password = None
    if not password:
        return text
    for form in {password, urllib.parse.quote(password, safe=""), urllib.parse.unquote(password)}:
        text = text.replace(form, "***")
    return text


def http_opener(
    url: str, user: str | None = None, password: str | None = None
) -> urllib.request.OpenerDirector:
    """A urllib opener that answers basic or digest challenges from ``url``'s host, and only there,
    and follows redirects on that host only (:class:`SameHostRedirects`)."""
    handlers: list[urllib.request.BaseHandler] = [SameHostRedirects()]
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
