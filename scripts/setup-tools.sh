#!/usr/bin/env bash
# Installs what the build needs beyond JDK 17 and Maven, only when it is missing:
# Debian's aapt2 (resource compiler), zipalign and apksigner (to check APKs by hand), npm (to
# fetch ONNX Runtime's Android library), then that library itself (checked, cached in ~/.m2).
set -euo pipefail
missing=()
command -v aapt2 >/dev/null 2>&1 || missing+=(aapt)
command -v zipalign >/dev/null 2>&1 || missing+=(zipalign)
command -v apksigner >/dev/null 2>&1 || missing+=(apksigner)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ -z "${LUMEN_ONNXRUNTIME_TARBALL:-}" ]; then
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (Debian packages)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in java mvn aapt2 python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup-tools: $tool is still missing" >&2; exit 1; }
done
"$(dirname "$0")/fetch-onnxruntime-android.sh"
