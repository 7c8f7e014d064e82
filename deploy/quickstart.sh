#!/usr/bin/env bash
# Quick start, command 1: install, build, and run the main job (demo.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/deploy/setup.sh"
bash "$root/deploy/build.sh"
bash "$root/deploy/demo.sh" "$@"
