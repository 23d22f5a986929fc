#!/usr/bin/env bash
# Set up (first time) and start lighting_planner on the bundled Almaty sample map.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Qt's xcb platform needs a few X libraries a fresh Debian machine may lack.
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] && ! dpkg -s libxcb-cursor0 >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 \
    libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 >/dev/null
fi
bash "$ROOT/scripts/bootstrap.sh"
exec "$ROOT/.venv/bin/lighting-planner" "$@"
