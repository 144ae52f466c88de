#!/usr/bin/env bash
# Installs the real clients that the end-to-end suites (npm run test:e2e) drive: Neovim and
# pre-commit (with git) from Debian's packages, and code-server for the VS Code suite.
# Idempotent; meant to run as root, in CI before `npm run test:e2e`:  bash test/e2e/setup.sh
set -euo pipefail

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt-get update
    APT_UPDATED=1
  fi
}

# Installs the named Debian packages that are not installed yet (so a second run installs nothing).
apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_update_once
    echo "setup: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "setup: already installed: $*"
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: run as root (it installs Debian packages)" >&2
  exit 1
fi

# pre-commit's node hooks use the system node and npm (`language_version: system` is the
# default when both are on PATH); they come with the machine, not from here.
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing from PATH" >&2; exit 1; }
done

# neovim: the LSP client suite (test/e2e/neovim.test.ts).
# pre-commit + git: the hook suite (test/e2e/pre-commit.test.ts); Debian's pre-commit pulls in
# nodeenv, which pre-commit uses to set up a node hook's environment.
apt_install neovim pre-commit git ca-certificates unzip

# True when the code-server at $1 reports version $2. Its first run on a machine also logs
# "Wrote default config file to ~/.config/code-server/config.yaml" on stdout before the version,
# so the version is looked for on any line, not only the first.
code_server_is() {
  local printed
  printed="$("$1" --version 2>/dev/null || true)"
  grep -q "^$2 " <<<"$printed"
}

install_code_server() {
  # code-server 4.100.3 (VS Code 1.100.3) is the last release that runs on Node 20. Its install
  # scripts download prebuilt binaries (ripgrep, node) that cannot be fetched here, so it is
  # installed with scripts off and its native modules are rebuilt from source against the
  # system node (libkrb5-dev for `kerberos`); Debian's rg stands in for @vscode/ripgrep's download.
  # Into <repo>/.e2e/code-server (gitignored), with its own package.json so nothing touches the
  # repository's node_modules. Takes about a minute; skipped when the right version already runs.
  local version=4.100.3
  local root dir bin started=$SECONDS
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  dir="$root/.e2e/code-server"
  bin="$dir/node_modules/.bin/code-server"

  apt_install chromium libkrb5-dev ripgrep

  if [ -x "$bin" ] && code_server_is "$bin" "$version"; then
    echo "setup: code-server $version already installed in $dir"
    return 0
  fi

  echo "setup: installing code-server $version into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{"name":"encryption-lint-e2e-code-server","private":true}\n' >"$dir/package.json"
  (
    set -euo pipefail
    cd "$dir"
    npm install --no-audit --no-fund --ignore-scripts "code-server@$version"
    npm rebuild argon2
    cd node_modules/code-server/lib/vscode
    npm install --no-audit --no-fund --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm_config_dangerously_allow_all_scripts=true npm rebuild
    # What code-server's own postinstall would have done.
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sf code-linux.sh code-server)
    (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
    cd extensions
    npm install --no-audit --no-fund --omit=dev --ignore-scripts
    node ./postinstall.mjs >/dev/null
  )
  if ! code_server_is "$bin" "$version"; then
    echo "setup: $bin --version does not print $version" >&2
    return 1
  fi
  echo "setup: code-server $version installed in $((SECONDS - started)) s"
}

install_code_server

echo "setup: versions"
echo "  node       $(node --version)"
echo "  npm        $(npm --version)"
echo "  git        $(git --version)"
echo "  neovim     $(nvim --version | head -1)"
echo "  pre-commit $(pre-commit --version)"
