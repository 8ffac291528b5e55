#!/usr/bin/env bash
# Makes sure a Chromium the end-to-end tests can drive is on this machine. Playwright must never
# download its own browser here (there is no network for it); Debian's package is the one we use.
set -euo pipefail
wanted="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$wanted" ]; then
  exit 0
fi
echo "ensure-chromium: no browser at $wanted; installing Debian's chromium package" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get is not available; install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq chromium >/dev/null
if [ ! -x "$wanted" ]; then
  echo "ensure-chromium: chromium installed but not found at $wanted; set CHROMIUM_PATH" >&2
  exit 1
fi
