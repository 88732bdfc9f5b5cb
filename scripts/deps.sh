#!/usr/bin/env bash
# Installs what building and testing Sightline needs on Debian/Ubuntu, when it
# is missing. Sourced by scripts/run.sh and scripts/test.sh.
set -euo pipefail

SIGHTLINE_APT_PACKAGES=(
  build-essential pkg-config libssl-dev   # SQLCipher (bundled) links OpenSSL's crypto
  poppler-utils qpdf                      # PDF checks in the tests
  sqlite3                                 # the tests check that an encrypted review is unreadable
  # The desktop app (Tauri 2 on WebKitGTK)
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev libayatana-appindicator3-dev libxdo-dev
  # Its end-to-end tests: a virtual display and WebKit's WebDriver
  xvfb xauth webkit2gtk-driver
)

sightline_need_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

sightline_need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "installing the Rust toolchain (rustup)" >&2
    sightline_need_apt curl ca-certificates
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

sightline_need_node() {
  if ! command -v npm >/dev/null 2>&1; then
    sightline_need_apt nodejs npm
  fi
}

# tauri-driver bridges WebDriver clients to WebKitWebDriver for the app.
sightline_need_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "installing tauri-driver" >&2
    cargo install tauri-driver --locked --version "^2" >&2
  fi
}

# Builds the front end (ui/dist), which the app embeds when it compiles.
sightline_build_ui() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules ]; then
    npm --prefix ui ci --no-audit --no-fund --loglevel=error
  fi
  npm --prefix ui run build --silent >/dev/null
}

sightline_need_apt "${SIGHTLINE_APT_PACKAGES[@]}"
sightline_need_rust
sightline_need_node
