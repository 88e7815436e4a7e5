#!/usr/bin/env bash
# Debian packages the test suite drives, installed when missing (idempotent, non-interactive;
# needs root or sudo):
#   * chromium: the HTML views are checked in a real headless browser (Playwright's Python
#     package drives /usr/bin/chromium; no browser download).
#   * virtuoso-opensource: a real triple store for `eventgraph load`; its service is not started
#     here: the tests start virtuoso-t themselves on free 127.0.0.1 ports.
# The Oxigraph server comes from PyPI with the test extra.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-system: installing ${need[*]}"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${need[@]}" >/dev/null
