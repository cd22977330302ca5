"""Resolves the dependency graph the Gradle way: conflict resolution, constraints, BOMs, strict versions.

The resolver walks the graph repeatedly: each round visits every module at the version the previous
round selected (or a newer requested one), collects what each visited version asks for, and selects
again, until the selection no longer changes. Versions that lose a conflict are thereby evicted with
everything only they asked for, as in Gradle. Constraints count only for modules that are in the graph.

Strict versions (Gradle user guide, "Declaring Versions and Ranges", sections "Declaring rich versions"
and "Consequences of using strict versions"): `strictly` fixes the version; it "overrides any transitive
dependency versions", i.e. requests made inside the subgraph of the node that declares it do not count,
and an outer strict version overrides a strict one found below it. A request from elsewhere in the graph
for a higher version is a resolution error, as in Gradle. Strict ranges, `prefer` alone and `rejects`
fail loudly (see metadata.requirement_from_module): they do not occur in our graph.
"""
from dataclasses import dataclass, field

from .metadata import Dependency, Requirement
from .versions import compare, select_latest

# Never part of an Android app: desktop/JVM-only twins that d8 would reject as duplicate classes.
DROP = {
    "org.jetbrains.kotlin:kotlin-stdlib-common",
    "org.jetbrains.kotlin:kotlin-stdlib-jdk7",
    "org.jetbrains.kotlin:kotlin-stdlib-jdk8",
}
MAX_ROUNDS = 50


class ResolutionError(Exception):
    """The graph has no Gradle-consistent answer (or one this resolver cannot compute)."""


@dataclass(frozen=True)
class Request:
    """An edge being walked: a dependency of `parent`, with what the path to it carries."""
    dependency: Dependency
    parent: str
    # Strict versions declared by the requesting node and its ancestors, as ((module, version), ...).
    # The outermost declaration of a module comes first and wins.
    strict_scope: tuple = ()
    last_try: bool = False  # a versionless request deferred once: now its version must be known

    @property
    def key(self):
        return self.dependency.key

    def fixed_version(self):
        return next((v for k, v in self.strict_scope if k == self.key), None)


@dataclass
class Round:
    """What one walk over the graph found."""
    requested: dict = field(default_factory=dict)  # module -> {version: first requester}
    strict: dict = field(default_factory=dict)  # module -> {version: first requester}
    reached: dict = field(default_factory=dict)  # module -> first parent (roots: "roots.json")

    def request(self, table, key, version, requester):
        table.setdefault(key, {}).setdefault(version, requester)


def split(coordinates):
    g, a, *rest = coordinates.split(":")
    return g, a, (rest[0] if rest else None)


def resolve(roots, bom, source):
    """Selected versions {"g:a": version} for root coordinates "g:a[:v]".

    bom: {"g:a": version} from the root BOMs, applied as constraints. source.component(g, a, v) gives a
    metadata.Component.
    """
    selected = {}
    for _ in range(MAX_ROUNDS):
        found = walk(roots, bom, source, selected)
        new = select(found, source)
        if new == selected:
            check_conflicts(found)
            check_published(selected, source)
            return selected
        selected = new
    raise ResolutionError("resolution did not converge")


def walk(roots, bom, source, selected):
    found = Round()
    for key, version in bom.items():
        found.request(found.requested, key, version, "the roots.json BOMs")
    stack = [Request(Dependency(g, a, Requirement(v) if v else None), "roots.json")
             for g, a, v in map(split, roots)]
    deferred, seen = [], set()
    while stack or deferred:
        if not stack:
            # Versionless dependencies take the version the rest of the graph asks for.
            stack, deferred = [Request(r.dependency, r.parent, r.strict_scope, True) for r in deferred], []
        r = stack.pop()
        if r.key in DROP:
            continue
        version = visit_version(r, found, selected, bom, source)
        if version is None:
            deferred.append(r)
            continue
        state = (r.key, version, r.dependency.excludes, r.strict_scope)
        if state in seen:
            continue
        seen.add(state)
        stack.extend(expand(r, version, found, source))
    return found


def visit_version(r, found, selected, bom, source):
    """Records what the request asks for and returns the version to walk into (None: not known yet)."""
    key, requirement = r.key, r.dependency.requirement
    if requirement is None:
        return versionless_version(r, found, selected, bom, source)
    if not record(r, found):
        return selected.get(key) or r.fixed_version()
    if key not in selected:
        return requirement.version
    if requirement.strict:
        return selected[key]
    return select_latest([selected[key], requirement.version], status_of(key, source))


def record(r, found):
    """Counts a request's version, unless a strict declaration above it in the graph overrides it."""
    requirement = r.dependency.requirement
    fixed = r.fixed_version()
    if fixed is not None and not (requirement.strict and requirement.version == fixed):
        return False
    found.request(found.strict if requirement.strict else found.requested, r.key, requirement.version, r.parent)
    return True


def versionless_version(r, found, selected, bom, source):
    # A BOM or platform decides; until the walk has seen every constraint, wait (return None).
    key = r.key
    version = selected.get(key) or bom.get(key) or r.fixed_version()
    if version is None and r.last_try:
        candidates = found.strict.get(key) or found.requested.get(key)
        if not candidates:
            raise ResolutionError(f"no version for {key} (needed by {r.parent})")
        version = select_latest(candidates, status_of(key, source))
    return version


def expand(r, version, found, source):
    """Visits one module version: records its constraints and returns the requests it makes."""
    g, a = r.dependency.group, r.dependency.module
    component = source.component(g, a, version)
    scope = r.strict_scope + tuple(
        (d.key, d.requirement.version) for d in component.dependencies + component.constraints
        if d.requirement and d.requirement.strict and not any(k == d.key for k, _ in r.strict_scope))
    for c in component.constraints:
        record(Request(c, r.key, scope), found)
    if r.dependency.platform:
        return []  # a platform contributes constraints only
    found.reached.setdefault(r.key, r.parent)
    if component.redirect:
        rg, ra, rv = component.redirect
        target = Dependency(rg, ra, Requirement(rv), r.dependency.excludes)
        return [Request(target, r.key, r.strict_scope)]
    requests = []
    for d in component.dependencies:
        if d.key in r.dependency.excludes or f"{d.group}:*" in r.dependency.excludes:
            continue
        inherited = Dependency(d.group, d.module, d.requirement, r.dependency.excludes | d.excludes, d.platform)
        requests.append(Request(inherited, r.key, scope))
    return requests


def status_of(key, source):
    g, a = key.split(":")

    def status(version):
        component = source.component(g, a, version)
        return None if component.missing else component.status

    return status


def select(found, source):
    """Each reached module's version: its strict version if it has one, else Gradle's conflict winner."""
    selected = {}
    for key in found.reached:
        strict = found.strict.get(key)
        if strict:
            # Two unrelated strict versions are reported by check_conflicts once the graph is final.
            selected[key] = select_latest(strict, status_of(key, source))
        elif key in found.requested:
            selected[key] = select_latest(found.requested[key], status_of(key, source))
        else:
            raise ResolutionError(f"no version for {key} (needed by {found.reached[key]})")
    return selected


def check_conflicts(found):
    """Gradle fails when a strict version cannot satisfy another request; so does the lock."""
    for key, strict in found.strict.items():
        if key not in found.reached:
            continue
        if len(strict) > 1:
            listed = ", ".join(f"{v} (from {who})" for v, who in strict.items())
            raise ResolutionError(f"{key}: conflicting strict versions {listed}")
        (version, declarer), = strict.items()
        for requested, who in found.requested.get(key, {}).items():
            if compare(requested, version) > 0:
                raise ResolutionError(
                    f"{key}: {declarer} strictly needs {version}, but {who} requires {requested}")


def check_published(selected, source):
    # Intermediate versions may be absent from the mirror; only a selected one must exist.
    for key, version in selected.items():
        g, a = key.split(":")
        if source.component(g, a, version).missing:
            raise ResolutionError(f"{key}:{version} is selected but not in the repository")
