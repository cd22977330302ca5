"""What one module version declares: its files, dependencies and constraints, read the way Gradle reads it.

Gradle reads the POM first and the Gradle module metadata (`.module`) only when the POM carries the
marker `published-with-gradle-metadata` (Gradle API docs, MavenArtifactRepository.MetadataSources
.mavenPom()). Doing the same means a `.module` 404 has one meaning: when the marker promises the file,
its absence is an error, never a silent switch to POM-only resolution.
"""
import json
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .repository import RepositoryError
from .versions import UnsupportedVersion, single_version

GRADLE_METADATA_MARKER = b"published-with-gradle-metadata"


def gav_path(g, a, v, ext):
    return f"{g.replace('.', '/')}/{a}/{v}/{a}-{v}.{ext}"


@dataclass(frozen=True)
class Requirement:
    """A dependency's or constraint's version: `requires` (at least; may be upgraded) or `strictly`."""
    version: str
    strict: bool = False


@dataclass(frozen=True)
class Dependency:
    group: str
    module: str
    requirement: Requirement = None  # None: versionless, the graph (a BOM or platform) decides
    excludes: frozenset = frozenset()
    platform: bool = False  # a BOM/platform dependency: contributes constraints, never files

    @property
    def key(self):
        return f"{self.group}:{self.module}"


@dataclass
class Component:
    """One module version. `missing` means the repository verifiably does not publish it."""
    group: str
    module: str
    version: str
    status: str = "release"
    files: list = field(default_factory=list)  # (extension, classifier or None)
    dependencies: list = field(default_factory=list)  # Dependency
    constraints: list = field(default_factory=list)  # Dependency, never versionless
    redirect: tuple = None  # (g, a, v) of the Android/JVM variant of a multiplatform library
    missing: bool = False


# ---- Gradle module metadata ----
def score_variant(attrs):
    """Prefers the Android runtime variant, then a plain JVM one, as an Android app's classpath does."""
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


def requirement_from_module(version, where):
    """A Gradle rich version as a Requirement; fails on the parts this resolver does not implement."""
    if not version:
        return None
    if version.get("rejects"):
        raise UnsupportedVersion(f"{where}: 'rejects' {version['rejects']} is not implemented")
    if "strictly" in version:
        # A strict range would need the version listing: single_version() fails loudly on it.
        return Requirement(single_version(version["strictly"]), strict=True)
    if "requires" in version:
        return Requirement(single_version(version["requires"]))
    raise UnsupportedVersion(f"{where}: version {version} without 'requires' or 'strictly' is not implemented")


def component_from_module(g, a, v, module):
    component = Component(g, a, v, status=module.get("component", {}).get("attributes", {})
                          .get("org.gradle.status", "release"))
    best = None
    for var in module.get("variants", []):
        s = score_variant(var.get("attributes", {}))
        if s > 0 and (best is None or s > best[0]):
            best = (s, var)
    if best is None:
        return None  # no JVM/Android variant: the POM is all there is
    var = best[1]
    if "available-at" in var:
        at = var["available-at"]
        component.redirect = (at["group"], at["module"], at["version"])
        return component
    for d in var.get("dependencies", []):
        where = f"{g}:{a}:{v} -> {d['group']}:{d['module']}"
        excludes = frozenset(f"{e.get('group', '*')}:{e.get('module', '*')}" for e in d.get("excludes", []))
        platform = d.get("attributes", {}).get("org.gradle.category") in ("platform", "enforced-platform")
        component.dependencies.append(Dependency(
            d["group"], d["module"], requirement_from_module(d.get("version"), where), excludes, platform))
    for c in var.get("dependencyConstraints", []):
        where = f"{g}:{a}:{v} constraint {c['group']}:{c['module']}"
        requirement = requirement_from_module(c.get("version"), where)
        if requirement:
            component.constraints.append(Dependency(c["group"], c["module"], requirement))
    for f in var.get("files", []):
        component.files.append(file_type(a, v, f["name"]))
    return component


def file_type(a, v, name):
    ext = "aar" if name.endswith(".aar") else "jar"
    stem = name[: -(len(ext) + 1)]
    prefix = f"{a}-{v}"
    classifier = stem[len(prefix) + 1:] if stem.startswith(prefix + "-") else None
    return ext, classifier


# ---- POM ----
def parse_xml(data):
    # Dropping the default namespace keeps element paths short ("dependencies/dependency").
    return ET.fromstring(re.sub(rb"\sxmlns=(\"[^\"]*\"|'[^']*')", b"", data, count=1))


class Pom:
    """The parts of a POM (with its parents and imported BOMs) that matter for runtime resolution."""

    def __init__(self, source, g, a, v, data):
        root = parse_xml(data)
        self.props = {}
        self.managed = {}
        parent = root.find("parent")
        if parent is not None:
            pp = source.pom(parent.findtext("groupId"), parent.findtext("artifactId"), parent.findtext("version"))
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
                self.managed.update(source.pom(dg, da, dv).managed)
            else:
                self.managed[f"{dg}:{da}"] = dv
        self.deps = []
        for d in root.findall("dependencies/dependency"):
            scope = d.findtext("scope") or "compile"
            if scope not in ("compile", "runtime") or (d.findtext("optional") or "") == "true":
                continue
            dg, da = self.sub(d.findtext("groupId")), self.sub(d.findtext("artifactId"))
            dv = self.sub(d.findtext("version")) or self.managed.get(f"{dg}:{da}")
            ex = frozenset(f"{e.findtext('groupId')}:{e.findtext('artifactId')}"
                           for e in d.findall("exclusions/exclusion"))
            # GradlePomModuleDescriptorBuilder: a POM version is a plain requirement; `[1.0]` means 1.0.
            self.deps.append(Dependency(dg, da, Requirement(single_version(dv)) if dv else None, ex))

    def sub(self, s):
        if s is None:
            return None
        for _ in range(5):
            s2 = re.sub(r"\$\{([^}]+)\}", lambda m: self.props.get(m.group(1), m.group(0)), s)
            if s2 == s:
                break
            s = s2
        return s.strip()


def component_from_pom(pom, v):
    component = Component(pom.g, pom.a, v, status="integration" if v.endswith("-SNAPSHOT") else "release")
    if pom.packaging == "pom":
        # A BOM or an aggregator: its managed versions act as constraints when it is a platform.
        component.constraints = [Dependency(*k.split(":"), Requirement(single_version(mv)))
                                 for k, mv in pom.managed.items() if mv]
    else:
        component.files.append(("aar" if pom.packaging == "aar" else "jar", None))
    component.dependencies = list(pom.deps)
    return component


class MetadataSource:
    """Loads components from a Repository, each version once, fetching ahead what the graph will need."""

    def __init__(self, repository):
        self.repo = repository
        self.poms = {}
        self.components = {}
        self.prefetched = set()
        self.prefetch_lock = threading.Lock()

    def pom(self, g, a, v):
        key = (g, a, v)
        if key not in self.poms:
            data = self.repo.get(gav_path(g, a, v, "pom"))
            if data is None:
                raise RepositoryError(f"{self.repo.url(gav_path(g, a, v, 'pom'))} not found (needed as a parent or BOM)")
            self.poms[key] = Pom(self, g, a, v, data)
        return self.poms[key]

    def component(self, g, a, v):
        key = (g, a, v)
        if key not in self.components:
            self.components[key] = self._load(g, a, v)
            self._prefetch_dependencies(self.components[key])
        return self.components[key]

    def _load(self, g, a, v):
        pom_data = self.repo.get(gav_path(g, a, v, "pom"))
        if pom_data is None:
            self._check_unpublished(g, a, v)
            return Component(g, a, v, missing=True)
        if GRADLE_METADATA_MARKER in pom_data:
            module_path = gav_path(g, a, v, "module")
            module_data = self.repo.get(module_path)
            if module_data is None:
                raise RepositoryError(
                    f"{self.repo.url(module_path)} not found, but the POM says Gradle metadata was published")
            component = component_from_module(g, a, v, json.loads(module_data))
            if component is not None:
                return component
        return component_from_pom(self.pom(g, a, v), v)

    def _check_unpublished(self, g, a, v):
        """A POM 404 counts as "not published" only if the module's version list agrees.

        Intermediate versions may be absent from a mirror (only a selected one must exist), but a version
        the list names and the POM lacks is the repository failing, not an answer.
        """
        path = f"{g.replace('.', '/')}/{a}/maven-metadata.xml"
        listing = self.repo.get(path, cache=False)  # changes with every release: never cached
        if listing is not None and f"<version>{v}</version>".encode() in listing:
            raise RepositoryError(
                f"{self.repo.url(gav_path(g, a, v, 'pom'))} answers 404 but {self.repo.url(path)} lists {v}")

    def prefetch(self, g, a, v):
        """Starts downloading what the resolver will read for g:a:v and, as each file arrives, what that
        file names (its .module, parent POM, dependencies), so that the round trips overlap.

        Best effort: a file that fails here fails again, with its error, when the resolver reads it.
        """
        with self.prefetch_lock:
            if (g, a, v) in self.prefetched:
                return
            self.prefetched.add((g, a, v))
        # On a cold cache the .module is asked for beside the POM, before the POM says whether it exists:
        # waiting for the marker would add a round trip per level of the graph. It is only read if the
        # marker is there. A cached POM answers at once, so then the .module waits for it (no wasted 404).
        pom_path, module_path = gav_path(g, a, v, "pom"), gav_path(g, a, v, "module")
        module = None if self.repo.is_cached(pom_path) else self.repo.prefetch(module_path)
        pom = self.repo.prefetch(pom_path)
        pom.add_done_callback(lambda done: self._after_pom(done, module, g, a, v))

    def _after_pom(self, pom, module, g, a, v):
        data = _downloaded(pom)
        if data is None:
            return
        if GRADLE_METADATA_MARKER in data:
            module = module or self.repo.prefetch(gav_path(g, a, v, "module"))
            module.add_done_callback(lambda done: self._after_module(done, g, a, v))
            return
        for coordinates in pom_references(data):
            self.prefetch(*coordinates)

    def _after_module(self, module, g, a, v):
        data = _downloaded(module)
        try:
            component = component_from_module(g, a, v, json.loads(data)) if data else None
        except (ValueError, KeyError, UnsupportedVersion):
            return  # the resolver reads it again and reports the problem
        if component:
            self._prefetch_dependencies(component)

    def _prefetch_dependencies(self, component):
        if component.redirect:
            self.prefetch(*component.redirect)
        for d in component.dependencies:
            if d.requirement:
                self.prefetch(d.group, d.module, d.requirement.version)


def _downloaded(future):
    if future.cancelled() or future.exception() is not None:
        return None
    return future.result()


def pom_references(data):
    """(g, a, v) of the parent, imported BOMs and plain-versioned dependencies a POM names, for prefetching."""
    try:
        root = parse_xml(data)
    except ET.ParseError:
        return []
    named = [root.find("parent")]
    named += [d for d in root.findall("dependencyManagement/dependencies/dependency") if d.findtext("scope") == "import"]
    named += [d for d in root.findall("dependencies/dependency")
              if (d.findtext("scope") or "compile") in ("compile", "runtime") and d.findtext("optional") != "true"]
    out = []
    for element in named:
        if element is None:
            continue
        coordinates = tuple((element.findtext(k) or "").strip() for k in ("groupId", "artifactId", "version"))
        if all(coordinates) and not any("${" in c or c[0] in "[(" for c in coordinates):
            out.append(coordinates)
    return out
