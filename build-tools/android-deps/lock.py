#!/usr/bin/env python3
"""Resolves the app's Android dependency graph the way Gradle does and writes flat Maven lock poms.

Why: androidx publishes Gradle module metadata (Kotlin Multiplatform variants, version constraints,
AAR file types) that Maven ignores, so Maven alone resolves the wrong artifacts and versions. This script
reads that metadata (falling back to POMs), applies highest-version-wins with constraints and BOMs,
follows `available-at` to the Android (or JVM) variant of each multiplatform library, and writes every
artifact with its real type and a `*:*` exclusion into two pom-packaged modules (runtime and test).
Commit its output like a lockfile; run it again only when roots.json changes.

Usage: build-tools/android-deps/lock.py  (network access to Maven Central)
"""
import json
import os
import re
import sys
import urllib.request
import xml.etree.ElementTree as ET
from functools import cmp_to_key

REPO = os.environ.get("LOCK_REPO", "https://repo1.maven.org/maven2")
HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "lumen-lock")
OUT_DIR = os.path.join(HERE, "..", "..", "app", "deps")

# Never part of an Android app: desktop/JVM-only twins and build-time annotations jars that d8 rejects twice.
DROP = {
    "org.jetbrains.kotlin:kotlin-stdlib-common",
    "org.jetbrains.kotlin:kotlin-stdlib-jdk7",
    "org.jetbrains.kotlin:kotlin-stdlib-jdk8",
}


def fetch(path):
    local = os.path.join(CACHE, path)
    if os.path.exists(local):
        with open(local, "rb") as f:
            data = f.read()
        return None if data == b"<404>" else data
    os.makedirs(os.path.dirname(local), exist_ok=True)
    try:
        with urllib.request.urlopen(f"{REPO}/{path}", timeout=60) as r:
            data = r.read()
    except urllib.error.HTTPError as e:
        if e.code != 404:
            raise
        data = None
    with open(local, "wb") as f:
        f.write(data if data is not None else b"<404>")
    return data


def gav_path(g, a, v, ext):
    return f"{g.replace('.', '/')}/{a}/{v}/{a}-{v}.{ext}"


# ---- version ordering (Maven ComparableVersion, simplified) ----
QUAL = {"alpha": 1, "a": 1, "beta": 2, "b": 2, "milestone": 3, "m": 3, "rc": 4, "cr": 4, "snapshot": 5,
        "": 6, "ga": 6, "final": 6, "release": 6, "sp": 7}


def vkey(v):
    parts = re.split(r"[.\-]", v.lower())
    out = []
    for p in parts:
        m = re.match(r"^([a-z]*)(\d*)$", p)
        if p.isdigit():
            out.append((2, int(p), 0))
        elif m:
            out.append((1, QUAL.get(m.group(1), 0), int(m.group(2) or 0)))
        else:
            out.append((1, 0, 0))
    while out and out[-1] == (2, 0, 0):
        out.pop()
    return out


def vcmp(a, b):
    ka, kb = vkey(a), vkey(b)
    for x, y in zip(ka, kb):
        if x != y:
            return -1 if x < y else 1
    if len(ka) == len(kb):
        return 0
    longer, sign = (ka, 1) if len(ka) > len(kb) else (kb, -1)
    nxt = longer[min(len(ka), len(kb))]
    # 1.0-alpha < 1.0 < 1.0.1
    return sign if nxt[0] == 2 else -sign


def vmax(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a if vcmp(a, b) >= 0 else b


def plain_version(spec):
    """A single version out of a Gradle/Maven requirement like '[2.4.1]', '1.2', '[1.0,2.0)'."""
    if spec is None:
        return None
    spec = spec.strip()
    if spec.startswith("[") or spec.startswith("("):
        inner = spec.strip("[]()")
        lo = inner.split(",")[0].strip()
        return lo or None
    return spec


# ---- POM model ----
class Pom:
    def __init__(self, g, a, v):
        data = fetch(gav_path(g, a, v, "pom"))
        if data is None:
            raise SystemExit(f"no pom for {g}:{a}:{v}")
        root = ET.fromstring(re.sub(rb"\sxmlns=(\"[^\"]*\"|'[^']*')", b"", data, count=1))
        self.props = {}
        self.managed = {}
        parent = root.find("parent")
        if parent is not None:
            pp = Pom(parent.findtext("groupId"), parent.findtext("artifactId"),
                     parent.findtext("version"))
            self.props.update(pp.props)
            self.managed.update(pp.managed)
        self.g = root.findtext("groupId") or parent.findtext("groupId")
        self.a = a
        self.v = root.findtext("version") or v
        self.packaging = root.findtext("packaging") or "jar"
        for p in root.findall("properties/*"):
            self.props[p.tag] = (p.text or "").strip()
        self.props.update({"project.version": self.v, "project.groupId": self.g, "pom.version": self.v,
                           "version": self.v, "project.parent.version": v})
        for d in root.findall("dependencyManagement/dependencies/dependency"):
            dg, da, dv = (self.sub(d.findtext(k)) for k in ("groupId", "artifactId", "version"))
            if d.findtext("scope") == "import":
                self.managed.update(Pom(dg, da, dv).managed)
            else:
                self.managed[f"{dg}:{da}"] = dv
        self.deps = []
        for d in root.findall("dependencies/dependency"):
            scope = d.findtext("scope") or "compile"
            if scope not in ("compile", "runtime") or (d.findtext("optional") or "") == "true":
                continue
            dg, da = self.sub(d.findtext("groupId")), self.sub(d.findtext("artifactId"))
            dv = self.sub(d.findtext("version")) or self.managed.get(f"{dg}:{da}")
            ex = {f"{e.findtext('groupId')}:{e.findtext('artifactId')}"
                  for e in d.findall("exclusions/exclusion")}
            self.deps.append((dg, da, plain_version(dv), ex))

    def sub(self, s):
        if s is None:
            return None
        for _ in range(5):
            s2 = re.sub(r"\$\{([^}]+)\}", lambda m: self.props.get(m.group(1), m.group(0)), s)
            if s2 == s:
                break
            s = s2
        return s.strip()


# ---- Gradle module metadata ----
def score_variant(attrs):
    if attrs.get("org.gradle.category") != "library" or attrs.get("org.gradle.usage") != "java-runtime":
        return -1
    env = attrs.get("org.gradle.jvm.environment")
    plat = attrs.get("org.jetbrains.kotlin.platform.type")
    if env == "android" or plat == "androidJvm":
        return 3
    if env == "standard-jvm" or plat == "jvm":
        return 2
    if env is None and plat is None:
        return 2
    return -1


class Node:
    """One resolved module version: its files and its outgoing dependencies and constraints."""

    def __init__(self, g, a, v):
        self.g, self.a, self.v = g, a, v
        self.files = []  # (type, classifier)
        self.deps = []  # (g, a, version or None, excludes, is_platform)
        self.constraints = []  # (g, a, version)
        self.redirect = None
        self.missing = False
        raw = fetch(gav_path(g, a, v, "module"))
        if raw is None and fetch(gav_path(g, a, v, "pom")) is None:
            # Intermediate versions may be absent from the mirror; only a selected one must exist.
            self.missing = True
        elif raw is not None:
            self._from_module(json.loads(raw))
        else:
            self._from_pom()

    def _from_module(self, m):
        best = None
        for var in m.get("variants", []):
            s = score_variant(var.get("attributes", {}))
            if s > 0 and (best is None or s > best[0]):
                best = (s, var)
        if best is None:
            self._from_pom()
            return
        var = best[1]
        if "available-at" in var:
            at = var["available-at"]
            self.redirect = (at["group"], at["module"], at["version"])
            return
        for d in var.get("dependencies", []):
            ver = d.get("version", {})
            spec = ver.get("strictly") or ver.get("requires") or ver.get("prefer")
            ex = {f"{e.get('group', '*')}:{e.get('module', '*')}" for e in d.get("excludes", [])}
            platform = d.get("attributes", {}).get("org.gradle.category") in ("platform", "enforced-platform")
            self.deps.append((d["group"], d["module"], plain_version(spec), ex, platform))
        for c in var.get("dependencyConstraints", []):
            ver = c.get("version", {})
            spec = ver.get("strictly") or ver.get("requires") or ver.get("prefer")
            if spec:
                self.constraints.append((c["group"], c["module"], plain_version(spec)))
        for f in var.get("files", []):
            name = f["name"]
            ext = "aar" if name.endswith(".aar") else "jar"
            stem = name[: -(len(ext) + 1)]
            prefix = f"{self.a}-{self.v}"
            classifier = stem[len(prefix) + 1:] if stem.startswith(prefix + "-") else None
            self.files.append((ext, classifier, f.get("url", name)))

    def _from_pom(self):
        pom = Pom(self.g, self.a, self.v)
        if pom.packaging == "pom":
            # A BOM or an aggregator: its managed versions act as constraints when it is a platform.
            self.constraints = [(k.split(":")[0], k.split(":")[1], plain_version(v)) for k, v in pom.managed.items() if v]
        else:
            ext = "aar" if pom.packaging == "aar" else "jar"
            self.files.append((ext, None, None))
        for dg, da, dv, ex in pom.deps:
            self.deps.append((dg, da, dv, ex, False))


NODES = {}


def node(g, a, v):
    key = (g, a, v)
    if key not in NODES:
        NODES[key] = Node(g, a, v)
    return NODES[key]


def bom_versions(coords):
    out = {}
    for c in coords:
        g, a, v = c.split(":")
        for k, mv in Pom(g, a, v).managed.items():
            out[k] = plain_version(mv)
    return out


def resolve(roots, bom):
    """Highest version wins; constraints count only for modules that are in the graph."""
    selected = {}
    for _ in range(50):
        # The BOMs are platforms: their versions constrain every module they name.
        requested, constrained, reached = {}, dict(bom), {}
        stack = []
        for c in roots:
            parts = c.split(":")
            g, a = parts[0], parts[1]
            v = parts[2] if len(parts) > 2 else bom[f"{g}:{a}"]
            stack.append((g, a, v, frozenset(), False, None))
        seen = set()
        deferred = []
        while stack or deferred:
            if not stack:
                # Versionless dependencies take the version the rest of the graph asks for.
                stack, deferred = [(g, a, requested.get(f"{g}:{a}") or constrained.get(f"{g}:{a}"), e, p, par, True) for g, a, _, e, p, par, _ in deferred], []
            g, a, v, excludes, platform, parent, last_try = (stack.pop() + (False,))[:7]
            ga = f"{g}:{a}"
            if ga in DROP:
                continue
            if v is None:
                v = selected.get(ga) or bom.get(ga)
                if v is None:
                    if last_try:
                        raise SystemExit(f"no version for {ga} (needed by {parent})")
                    deferred.append((g, a, None, excludes, platform, parent, False))
                    continue
            requested[ga] = vmax(requested.get(ga), v)
            v = vmax(v, selected.get(ga))
            key = (ga, v, excludes)
            if key in seen:
                continue
            seen.add(key)
            n = node(g, a, v)
            for cg, ca, cv in n.constraints:
                constrained[f"{cg}:{ca}"] = vmax(constrained.get(f"{cg}:{ca}"), cv)
            if platform:
                continue
            reached.setdefault(ga, parent)
            if n.redirect:
                rg, ra, rv = n.redirect
                stack.append((rg, ra, rv, excludes, False, ga))
                continue
            for dg, da, dv, ex, is_platform in n.deps:
                dga = f"{dg}:{da}"
                if dga in excludes or f"{dg}:*" in excludes:
                    continue
                stack.append((dg, da, dv, excludes | frozenset(ex), is_platform, ga))
        new = {}
        for ga in reached:
            new[ga] = vmax(requested.get(ga), constrained.get(ga))
        if new == selected:
            for ga, v in selected.items():
                if node(*ga.split(":"), v).missing:
                    raise SystemExit(f"{ga}:{v} is selected but not in the repository")
            return selected, reached
        selected = new
    raise SystemExit("resolution did not converge")


def artifacts(selected):
    out = []
    for ga, v in sorted(selected.items()):
        g, a = ga.split(":")
        n = node(g, a, v)
        if n.redirect:
            continue  # a multiplatform root: its Android/JVM variant is listed under its own name
        for ext, classifier, _ in n.files:
            out.append((g, a, v, ext, classifier))
    return out


def write_lock(name, description, arts):
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- Generated by build-tools/android-deps/lock.py from roots.json. Do not edit by hand. -->",
        '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        '         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
        "  <modelVersion>4.0.0</modelVersion>",
        "  <parent><groupId>app.lumen</groupId><artifactId>lumen-parent</artifactId><version>0.1.0</version>"
        "<relativePath>../../../pom.xml</relativePath></parent>",
        f"  <artifactId>{name}</artifactId>",
        "  <packaging>pom</packaging>",
        f"  <description>{description}</description>",
        "  <dependencies>",
    ]
    for g, a, v, ext, classifier in arts:
        cl = f"<classifier>{classifier}</classifier>" if classifier else ""
        ty = "" if ext == "jar" else f"<type>{ext}</type>"
        lines.append(f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>{ty}{cl}"
                     "<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>")
    lines += ["  </dependencies>", "</project>", ""]
    path = os.path.join(OUT_DIR, name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "pom.xml"), "w") as f:
        f.write("\n".join(lines))
    print(f"{name}: {len(arts)} artifacts")


def main():
    cfg = json.load(open(os.path.join(HERE, "roots.json")))
    bom = bom_versions(cfg["boms"])
    main_sel, _ = resolve(cfg["main"], bom)
    all_sel, reached = resolve(cfg["main"] + cfg["test"], bom)
    # One version per module across both classpaths (the test run must see what the APK ships).
    main_only = {ga: all_sel[ga] for ga in main_sel}
    test_only = {ga: v for ga, v in all_sel.items() if ga not in main_sel}
    write_lock("runtime-lock", "Android runtime dependencies of the app, resolved by lock.py.", artifacts(main_only))
    write_lock("test-lock", "Android test dependencies of the app, resolved by lock.py.", artifacts(test_only))
    for ga in sorted(all_sel):
        if main_sel.get(ga) and main_sel[ga] != all_sel[ga]:
            print(f"note: {ga} {main_sel[ga]} -> {all_sel[ga]} because of test dependencies", file=sys.stderr)


if __name__ == "__main__":
    main()
