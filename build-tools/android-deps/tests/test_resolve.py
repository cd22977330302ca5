"""Graph resolution on hand-written metadata: conflicts, eviction, constraints, strict versions."""
import unittest

from lockdeps.metadata import Component, Dependency, Requirement
from lockdeps.resolve import ResolutionError, resolve


def dep(coordinates, strict=False, platform=False, excludes=()):
    g, a, *v = coordinates.split(":")
    return Dependency(g, a, Requirement(v[0], strict) if v else None, frozenset(excludes), platform)


class FakeSource:
    """Components from a dict {"g:a:v": ([dependencies], [constraints])}; anything else is missing."""

    def __init__(self, graph):
        self.graph = graph

    def component(self, g, a, v):
        entry = self.graph.get(f"{g}:{a}:{v}")
        if entry is None:
            return Component(g, a, v, missing=True)
        deps, constraints = entry
        return Component(g, a, v, files=[("jar", None)], dependencies=deps, constraints=constraints)


def lib(*deps, constraints=()):
    return list(deps), list(constraints)


class ResolveTest(unittest.TestCase):
    def assertWinsInEitherOrder(self, module, lower, higher):
        source = FakeSource({"x:a:1": lib(dep(f"{module}:{lower}")), "x:b:1": lib(dep(f"{module}:{higher}")),
                             f"{module}:{lower}": lib(), f"{module}:{higher}": lib()})
        for roots in (["x:a:1", "x:b:1"], ["x:b:1", "x:a:1"]):
            with self.subTest(roots=roots):
                self.assertEqual(resolve(roots, {}, source)[module], higher)

    def test_releaseWinsOverNativeMt_evenWhenSeenFirst(self):
        self.assertWinsInEitherOrder("x:c", "1.9.0-native-mt", "1.9.0")

    def test_jreFlavourWinsOverAndroid_whateverTheTraversalOrder(self):
        self.assertWinsInEitherOrder("g:guava", "33.6.0-android", "33.6.0-jre")

    def test_evictedVersion_takesItsRequestsWithIt(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:b:2")), "x:a:2": lib(dep("x:b:1")), "x:top:1": lib(dep("x:a:2")),
            "x:b:1": lib(), "x:b:2": lib(),
        })
        self.assertEqual(resolve(["x:a:1", "x:top:1"], {}, source), {"x:a": "2", "x:top": "1", "x:b": "1"})

    def test_constraints_applyOnlyToModulesInTheGraph(self):
        source = FakeSource({"x:a:1": lib(dep("x:b:1"), constraints=[dep("x:b:3"), dep("x:z:9")]),
                             "x:b:1": lib(), "x:b:3": lib()})
        self.assertEqual(resolve(["x:a:1"], {}, source), {"x:a": "1", "x:b": "3"})

    def test_versionlessDependency_takesTheBomVersion(self):
        source = FakeSource({"x:a:1": lib(dep("x:b")), "x:b:4": lib()})
        self.assertEqual(resolve(["x:a:1"], {"x:b": "4"}, source)["x:b"], "4")

    def test_selectedButUnpublished_fails(self):
        source = FakeSource({"x:a:1": lib(dep("x:b:2"))})
        with self.assertRaisesRegex(ResolutionError, "x:b:2 is selected but not in the repository"):
            resolve(["x:a:1"], {}, source)


class StrictVersionTest(unittest.TestCase):
    """Gradle user guide: a strict version overrides transitive versions; a conflict elsewhere fails."""

    def test_strictVersion_downgradesRequestsInItsSubgraph(self):
        # Before, `strictly 1.0` counted as "at least 1.0" and 1.1 won.
        source = FakeSource({
            "x:a:1": lib(dep("x:c:1.0", strict=True), dep("x:b:1")), "x:b:1": lib(dep("x:c:1.1")),
            "x:c:1.0": lib(), "x:c:1.1": lib(),
        })
        self.assertEqual(resolve(["x:a:1"], {}, source)["x:c"], "1.0")

    def test_strictVersion_lowerRequestElsewhere_isSatisfied(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:c:1.0", strict=True)), "x:other:1": lib(dep("x:c:0.9")),
            "x:c:0.9": lib(), "x:c:1.0": lib(),
        })
        self.assertEqual(resolve(["x:a:1", "x:other:1"], {}, source)["x:c"], "1.0")

    def test_strictVersion_higherRequestOutsideItsSubgraph_fails(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:c:1.0", strict=True)), "x:other:1": lib(dep("x:c:1.1")),
            "x:c:1.0": lib(), "x:c:1.1": lib(),
        })
        with self.assertRaisesRegex(ResolutionError, "x:c: x:a strictly needs 1.0, but x:other requires 1.1"):
            resolve(["x:a:1", "x:other:1"], {}, source)

    def test_strictVersion_higherBomConstraint_fails(self):
        source = FakeSource({"x:a:1": lib(dep("x:c:1.0", strict=True)), "x:c:1.0": lib(), "x:c:2.0": lib()})
        with self.assertRaisesRegex(ResolutionError, "strictly needs 1.0, but the roots.json BOMs requires 2.0"):
            resolve(["x:a:1"], {"x:c": "2.0"}, source)

    def test_outerStrictVersion_overridesAStrictOneBelowIt(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:c:1.0", strict=True), dep("x:b:1")), "x:b:1": lib(dep("x:c:2.0", strict=True)),
            "x:c:1.0": lib(), "x:c:2.0": lib(),
        })
        self.assertEqual(resolve(["x:a:1"], {}, source)["x:c"], "1.0")

    def test_unrelatedStrictVersions_fail(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:c:1.0", strict=True)), "x:b:1": lib(dep("x:c:2.0", strict=True)),
            "x:c:1.0": lib(), "x:c:2.0": lib(),
        })
        with self.assertRaisesRegex(ResolutionError, "x:c: conflicting strict versions"):
            resolve(["x:a:1", "x:b:1"], {}, source)

    def test_strictConstraint_fixesTheVersionOfAModuleInTheGraph(self):
        source = FakeSource({
            "x:a:1": lib(dep("x:b:1"), constraints=[dep("x:c:1.0", strict=True)]), "x:b:1": lib(dep("x:c:1.1")),
            "x:c:1.0": lib(), "x:c:1.1": lib(),
        })
        self.assertEqual(resolve(["x:a:1"], {}, source)["x:c"], "1.0")


if __name__ == "__main__":
    unittest.main()
