#!/usr/bin/env bash
# Install everything the test suite needs, then run it. Used by the README and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# Debian packages: a TrueType CJK font for the PDFs the tests typeset
need=()
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
# Debian's Chromium for the browser tests (Playwright's own browser downloads are not possible here)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

python -m pip install -q -r requirements-dev.txt
python -m ruff check .
python -m mypy
python -m pytest -q "$@"
