"""Gradle's version ordering and conflict resolution, so the lock selects what Gradle would select.

A port of Gradle's dependency-management code (gradle/gradle, platforms/software/dependency-management,
package org.gradle.api.internal.artifacts.ivyservice):
- ivyresolve/strategy/VersionParser.java: how a version splits into parts, and its base version;
- ivyresolve/strategy/StaticVersionComparator.java: how two versions compare;
- resolveengine/LatestModuleConflictResolver.java: which version wins a conflict;
- ivyresolve/strategy/DefaultVersionSelectorScheme.java: `[1.0]` (and `[1.0,1.0]`) is the exact version 1.0.

The documented rules (Gradle user guide, "Declaring Versions and Ranges", section "Understanding version
ordering", docs.gradle.org/current/userguide/dependency_versions.html#sec:version-ordering):
- Versions are divided into parts on `.`, `-`, `_`, `+`, and between digits and letters: `1a1` is `1.a.1`.
  Only the parts are compared, not the separators: `1.a.1`, `1-a+1`, `1.a-1` and `1a1` are equivalent.
- Numeric vs numeric: higher value is higher (`1.1 < 1.2`). Numeric vs non-numeric: numeric is higher
  (`1.a < 1.1`). Non-numeric vs non-numeric: alphabetical and case-sensitive (`1.A < 1.B < 1.a < 1.b`).
- An extra numeric part makes a version higher, even a zero (`1.1 < 1.1.0`); an extra non-numeric part
  makes it lower (`1.1.a < 1.1`).
- `dev` is lower than any other non-numeric part; `rc`, `snapshot`, `final`, `ga`, `release` and `sp` are
  higher than any other non-numeric part, in that order; these special parts ignore case.
- Conflict resolution compares "base versions" first (the user guide's variant_model.adoc,
  sec:base-version-comparison): the part of a version before its first non-`.` separator or its first
  digit/letter boundary, e.g. `1.2` for `1.2-beta_3`.
"""
from functools import cmp_to_key

SEPARATORS = ".-_+"
# StaticVersionComparator.SPECIAL_MEANINGS: any other non-numeric part counts as 0.
SPECIAL_MEANINGS = {"dev": -1, "rc": 1, "snapshot": 2, "final": 3, "ga": 4, "release": 5, "sp": 6}
# Guava's Longs.tryParse, which Gradle uses, gives up beyond a long: such a part is not numeric.
MAX_LONG = 2**63 - 1


class Version:
    """A version string split into parts the way Gradle's VersionParser splits it."""

    def __init__(self, source, parts, base=None):
        self.source = source
        self.parts = tuple(parts)
        self.numeric = tuple(_numeric(p) for p in self.parts)
        self.base = base or self

    @property
    def qualified(self):
        return self.base is not self

    def __repr__(self):
        return f"Version({self.source!r})"


def _numeric(part):
    if part and all("0" <= c <= "9" for c in part) and int(part) <= MAX_LONG:
        return int(part)
    return None


def parse(source):
    """VersionParser.parse: parts, and the base version that ends at the first qualifier."""
    parts = []
    digit = False
    start = 0
    end_base = 0  # how many parts the base version has
    end_base_str = 0  # where the base version ends in the string; 0 means "not a qualified version"
    for pos, ch in enumerate(source):
        if ch in SEPARATORS:
            parts.append(source[start:pos])
            start = pos + 1
            digit = False
            if ch != "." and end_base_str == 0:
                end_base, end_base_str = len(parts), pos
        elif "0" <= ch <= "9":
            if not digit and pos > start:
                if end_base_str == 0:
                    end_base, end_base_str = len(parts) + 1, pos
                parts.append(source[start:pos])
                start = pos
            digit = True
        else:
            if digit:
                if end_base_str == 0:
                    end_base, end_base_str = len(parts) + 1, pos
                parts.append(source[start:pos])
                start = pos
            digit = False
    if len(source) > start:
        parts.append(source[start:])
    base = Version(source[:end_base_str], parts[:end_base]) if end_base_str > 0 else None
    return Version(source, parts, base)


def _sign(n):
    return (n > 0) - (n < 0)


def compare_versions(v1, v2):
    """StaticVersionComparator.compare on parsed versions: negative, zero or positive."""
    if v1.source == v2.source:
        return 0
    for p1, p2, n1, n2 in zip(v1.parts, v2.parts, v1.numeric, v2.numeric):
        if p1 == p2:
            continue
        if n1 is not None and n2 is None:
            return 1
        if n2 is not None and n1 is None:
            return -1
        if n1 is not None:
            if n1 == n2:  # leading zeros: 01 == 1
                continue
            return _sign(n1 - n2)
        s1 = SPECIAL_MEANINGS.get(p1.lower())
        s2 = SPECIAL_MEANINGS.get(p2.lower())
        if s1 is not None:
            # Gradle stops here even when both are the same special word in another case (RC, rc).
            return _sign(s1 - (s2 or 0))
        if s2 is not None:
            return _sign(-s2)
        return _sign((p1 > p2) - (p1 < p2))
    common = min(len(v1.parts), len(v2.parts))
    if len(v1.parts) > common:
        return 1 if v1.numeric[common] is not None else -1
    if len(v2.parts) > common:
        return -1 if v2.numeric[common] is not None else 1
    return 0


def compare(a, b):
    """Compares two version strings the way Gradle orders versions."""
    return compare_versions(parse(a), parse(b))


version_key = cmp_to_key(compare)


def select_latest(candidates, status_of):
    """LatestModuleConflictResolver.select: the version Gradle picks among conflicting candidates.

    Candidates with the highest base version compete; among those, the highest unqualified version or
    the highest with "release" status wins. status_of(version) gives the component's status ("release",
    "integration", ...) or None when its metadata is not known.
    """
    base = None
    matches = {}  # source -> parsed, in candidate order like Gradle's LinkedHashMap
    for candidate in candidates:
        version = parse(candidate)
        if base is None or compare_versions(version.base, base) > 0:
            matches = {candidate: version}
            base = version.base
        elif version.base.source == base.source:
            matches[candidate] = version
    if len(matches) == 1:
        return next(iter(matches))
    ordered = sorted(matches.values(), key=cmp_to_key(compare_versions), reverse=True)
    best_snapshot = None
    unqualified = None
    for version in ordered:
        if not version.qualified:
            if best_snapshot is None:
                return version.source
            if unqualified is None:
                unqualified = version.source
        if best_snapshot is None:
            status = status_of(version.source)
            if status == "release":
                return version.source
            if version.source.endswith("-SNAPSHOT"):
                best_snapshot = version.source
    # A snapshot was seen: prefer an unqualified version of the same base. Otherwise Gradle selects
    # the snapshot and then, without returning, the highest version; its last selection stands.
    return unqualified or ordered[0].source


def single_version(selector):
    """The exact version a Maven/Gradle version selector names, or raises for a dynamic selector.

    DefaultVersionSelectorScheme turns `[1.0]` and `[1.0,1.0]` into the exact version 1.0 (androidx
    POMs pin `[2.1.0]` this way); real ranges, `1.+` and `latest.*` need the repository's version list,
    which this resolver does not implement.
    """
    text = selector.strip()
    if text.startswith(("[", "]", "(")):
        inner = text[1:-1] if text.endswith(("]", "[", ")")) else None
        bounds = [b.strip() for b in inner.split(",")] if inner is not None else []
        single = text[0] == "[" and text[-1] == "]" and (
            len(bounds) == 1 or (len(bounds) == 2 and bounds[0] == bounds[1]))
        if single and bounds[0] and not any(c in bounds[0] for c in "[]()"):
            return bounds[0]
        raise UnsupportedVersion(f"version range {selector!r} needs a version listing (not implemented)")
    if text.endswith("+") or text.startswith("latest.") or text in ("LATEST", "RELEASE"):
        raise UnsupportedVersion(f"dynamic version {selector!r} needs a version listing (not implemented)")
    return text


class UnsupportedVersion(Exception):
    """A version selector Gradle would resolve against the repository's version list."""
