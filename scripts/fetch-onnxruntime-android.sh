#!/usr/bin/env bash
# Installs ONNX Runtime's official Android library (the AAR Microsoft publishes as
# com.microsoft.onnxruntime:onnxruntime-android) into the local Maven repository under those same
# coordinates, so the app build resolves it like any dependency and a machine that reaches the
# real coordinates gets the same artifact.
#
# Where it comes from: the npm package com.github.asus4.onnxruntime (ONNX Runtime for Unity, MIT)
# ships that AAR unchanged in package/Plugins/Android/. Both the npm tarball and the AAR inside it
# are checked against the SHA-256 values below; on any mismatch nothing is installed.
#
# Environment:
#   LUMEN_MAVEN_REPO            local repository to install into (default: ~/.m2/repository)
#   LUMEN_ONNXRUNTIME_TARBALL   an already downloaded npm tarball, for machines without npm
#                               (`npm pack com.github.asus4.onnxruntime@0.4.9` on any machine)
set -euo pipefail

readonly ORT_VERSION=1.29.0
readonly NPM_PACKAGE=com.github.asus4.onnxruntime
readonly NPM_VERSION=0.4.9
readonly TARBALL_SHA256=e59788788818fdde1b2e522e766a21ba0f7d8391de55737abf81e32cc801785d
readonly AAR_SHA256=98cddbac92640b4a6af72a03c42e0491851f366d3da66bbaeb5dd66310946cf2
readonly AAR_IN_TARBALL=package/Plugins/Android/onnxruntime.aar

repo="${LUMEN_MAVEN_REPO:-$HOME/.m2/repository}"
installed="$repo/com/microsoft/onnxruntime/onnxruntime-android/$ORT_VERSION/onnxruntime-android-$ORT_VERSION.aar"

fail() {
  echo "fetch-onnxruntime-android: $*" >&2
  exit 1
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# Stops unless FILE has the expected digest, naming the file and both digests.
check_sha256() {
  local file="$1" expected="$2" actual
  actual="$(sha256_of "$file")"
  [ "$actual" = "$expected" ] \
    || fail "$file: sha256 $actual, expected $expected; the download was altered or damaged, nothing was installed"
}

if [ -f "$installed" ] && [ "$(sha256_of "$installed")" = "$AAR_SHA256" ]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -n "${LUMEN_ONNXRUNTIME_TARBALL:-}" ]; then
  tarball="$LUMEN_ONNXRUNTIME_TARBALL"
  [ -f "$tarball" ] || fail "$tarball: no such file (LUMEN_ONNXRUNTIME_TARBALL)"
else
  command -v npm >/dev/null 2>&1 \
    || fail "npm is needed to fetch $NPM_PACKAGE@$NPM_VERSION (apt-get install npm), or set LUMEN_ONNXRUNTIME_TARBALL to a tarball made by 'npm pack $NPM_PACKAGE@$NPM_VERSION' elsewhere"
  echo "Fetching ONNX Runtime $ORT_VERSION for Android ($NPM_PACKAGE@$NPM_VERSION, 150 MB)..."
  (cd "$work" && npm pack --silent "$NPM_PACKAGE@$NPM_VERSION" >/dev/null) \
    || fail "npm pack $NPM_PACKAGE@$NPM_VERSION failed"
  tarball="$work/$NPM_PACKAGE-$NPM_VERSION.tgz"
fi
check_sha256 "$tarball" "$TARBALL_SHA256"

tar -xzf "$tarball" -C "$work" "$AAR_IN_TARBALL" || fail "$tarball: no $AAR_IN_TARBALL inside"
check_sha256 "$work/$AAR_IN_TARBALL" "$AAR_SHA256"

# From the scratch folder, so no project POM is read; the plugin version is pinned.
(cd "$work" && mvn -B -q org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
  -Dmaven.repo.local="$repo" \
  -Dfile="$work/$AAR_IN_TARBALL" \
  -DgroupId=com.microsoft.onnxruntime \
  -DartifactId=onnxruntime-android \
  -Dversion="$ORT_VERSION" \
  -Dpackaging=aar \
  -DgeneratePom=true) || fail "installing the AAR into $repo failed"
check_sha256 "$installed" "$AAR_SHA256"
echo "Installed ONNX Runtime $ORT_VERSION for Android into $repo"
