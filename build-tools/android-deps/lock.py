#!/usr/bin/env python3
"""Resolves the app's Android dependency graph the way Gradle does and writes flat Maven lock poms.

Why: androidx publishes Gradle module metadata (Kotlin Multiplatform variants, version constraints,
AAR file types) that Maven ignores, so Maven alone resolves the wrong artifacts and versions. This script
reads that metadata (falling back to POMs), applies Gradle's conflict resolution with constraints, BOMs
and strict versions, follows `available-at` to the Android (or JVM) variant of each multiplatform
library, and writes every artifact with its real type and a `*:*` exclusion into two pom-packaged
modules (runtime and test). Commit its output like a lockfile; run it again when roots.json changes.

Usage:
  build-tools/android-deps/lock.py           rewrite app/deps/*-lock/pom.xml
  build-tools/android-deps/lock.py --check   exit 1 with a diff if the committed poms differ (the build runs this)
  cd build-tools/android-deps && python3 -m unittest discover -s tests -t .   its tests (the build runs them)
Needs network access to Maven Central (or LOCK_REPO); every downloaded file is checked against its
published checksum, and verified files are cached in --cache (default: target/lock-cache here).
"""
import argparse
import difflib
import json
import os
import sys

from lockdeps.metadata import MetadataSource
from lockdeps.render import artifacts, render_lock
from lockdeps.repository import Repository, RepositoryError
from lockdeps.resolve import ResolutionError, resolve
from lockdeps.versions import UnsupportedVersion, single_version

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "app", "deps"))
MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
LOCKS = {
    "runtime-lock": "Android runtime dependencies of the app, resolved by lock.py.",
    "test-lock": "Android test dependencies of the app, resolved by lock.py.",
}


def bom_versions(coords, source):
    out = {}
    for c in coords:
        g, a, v = c.split(":")
        for key, managed in source.pom(g, a, v).managed.items():
            out[key] = single_version(managed)
    return out


def render_all(roots, source):
    """{lock name: pom text} for roots.json's content, plus notes for the person running it."""
    bom = bom_versions(roots["boms"], source)
    for coordinates in roots["main"] + roots["test"]:
        g, a, *v = coordinates.split(":")
        if v or f"{g}:{a}" in bom:
            source.prefetch(g, a, v[0] if v else bom[f"{g}:{a}"])
    main_sel = resolve(roots["main"], bom, source)
    all_sel = resolve(roots["main"] + roots["test"], bom, source)
    # One version per module across both classpaths (the test run must see what the APK ships).
    main_only = {key: all_sel[key] for key in main_sel}
    test_only = {key: v for key, v in all_sel.items() if key not in main_sel}
    poms = {
        "runtime-lock": render_lock("runtime-lock", LOCKS["runtime-lock"], artifacts(main_only, source)),
        "test-lock": render_lock("test-lock", LOCKS["test-lock"], artifacts(test_only, source)),
    }
    notes = [f"{key} {main_sel[key]} -> {all_sel[key]} because of test dependencies"
             for key in sorted(all_sel) if main_sel.get(key) and main_sel[key] != all_sel[key]]
    return poms, notes


def lock_path(name):
    return os.path.join(OUT_DIR, name, "pom.xml")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check(poms):
    """Compares with the committed poms; prints a diff and returns False when they differ."""
    same = True
    for name, text in poms.items():
        path = lock_path(name)
        committed = read_text(path) if os.path.exists(path) else ""
        if committed != text:
            same = False
            rel = os.path.relpath(path, os.path.join(HERE, "..", ".."))
            sys.stdout.writelines(difflib.unified_diff(
                committed.splitlines(True), text.splitlines(True), f"a/{rel} (committed)", f"b/{rel} (lock.py)"))
    if not same:
        print("The lock poms are not what lock.py makes from roots.json: run build-tools/android-deps/lock.py "
              "and commit app/deps.", file=sys.stderr)
    return same


def write(poms):
    for name, text in poms.items():
        os.makedirs(os.path.dirname(lock_path(name)), exist_ok=True)
        with open(lock_path(name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{name}: {text.count('<dependency>')} artifacts")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed lock poms, write nothing")
    parser.add_argument("--cache", default=os.environ.get("LUMEN_LOCK_CACHE", os.path.join(HERE, "target", "lock-cache")),
                        help="directory of verified downloads, reused across runs")
    parser.add_argument("--repo", default=os.environ.get("LOCK_REPO", MAVEN_CENTRAL), help="Maven repository URL")
    args = parser.parse_args(argv)
    roots = json.loads(read_text(os.path.join(HERE, "roots.json")))
    try:
        with Repository(args.repo, args.cache) as repo:
            poms, notes = render_all(roots, MetadataSource(repo))
    except (RepositoryError, ResolutionError, UnsupportedVersion) as e:
        print(f"lock.py: {e}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if args.check:
        return 0 if check(poms) else 1
    write(poms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
