"""Reading components the Gradle way: POM first, .module only when the POM promises it."""
import json
import tempfile
import unittest

from lockdeps.metadata import MetadataSource, Requirement, requirement_from_module
from lockdeps.repository import Repository, RepositoryError
from lockdeps.versions import UnsupportedVersion
from tests.fake_server import FakeRepositoryServer

MARKER = b"<!-- do_not_remove: published-with-gradle-metadata -->"


def pom(g, a, v, body=b"", marker=False):
    return (b"<project xmlns='http://maven.apache.org/POM/4.0.0'>" + (MARKER if marker else b"")
            + f"<groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>".encode()
            + body + b"</project>")


def module(deps):
    return json.dumps({"formatVersion": "1.1", "component": {"attributes": {"org.gradle.status": "release"}},
                       "variants": [{"name": "releaseRuntimeElements",
                                     "attributes": {"org.gradle.category": "library", "org.gradle.usage": "java-runtime",
                                                    "org.gradle.jvm.environment": "android"},
                                     "dependencies": deps,
                                     "files": [{"name": "lib-1.0.aar", "url": "lib-1.0.aar"}]}]}).encode()


class MetadataSourceTest(unittest.TestCase):
    def setUp(self):
        self.server = FakeRepositoryServer()
        self.addCleanup(self.server.close)
        cache = tempfile.TemporaryDirectory()
        self.addCleanup(cache.cleanup)
        self.repo = Repository(self.server.url, cache.name, sleep=lambda s: None)
        self.addCleanup(self.repo.close)
        self.source = MetadataSource(self.repo)

    def test_markedPom_readsTheModule(self):
        self.server.publish("org/ex/lib/1.0/lib-1.0.pom", pom("org.ex", "lib", "1.0", marker=True))
        self.server.publish("org/ex/lib/1.0/lib-1.0.module", module(
            [{"group": "org.ex", "module": "dep", "version": {"requires": "2.0"}}]))
        c = self.source.component("org.ex", "lib", "1.0")
        self.assertEqual(c.files, [("aar", None)])
        self.assertEqual([(d.key, d.requirement) for d in c.dependencies], [("org.ex:dep", Requirement("2.0"))])

    def test_markedPom_moduleAnswering404_failsInsteadOfFallingBackToThePom(self):
        # Before, one 404 on the .module silently turned a module into POM-only resolution.
        self.server.publish("org/ex/lib/1.0/lib-1.0.pom", pom("org.ex", "lib", "1.0", marker=True))
        with self.assertRaisesRegex(RepositoryError, "lib-1.0.module not found, but the POM says"):
            self.source.component("org.ex", "lib", "1.0")

    def test_unmarkedPom_neverAsksForAModule(self):
        self.server.publish("org/ex/lib/1.0/lib-1.0.pom", pom("org.ex", "lib", "1.0", b"<packaging>aar</packaging>"))
        c = self.source.component("org.ex", "lib", "1.0")
        self.assertEqual(c.files, [("aar", None)])
        self.assertEqual(self.server.requests["org/ex/lib/1.0/lib-1.0.module"], 0)

    def test_pomPinnedSingleVersion_isAPlainRequirement(self):
        body = (b"<dependencies><dependency><groupId>org.ex</groupId><artifactId>dep</artifactId>"
                b"<version>[2.1.0]</version></dependency></dependencies>")
        self.server.publish("org/ex/lib/1.0/lib-1.0.pom", pom("org.ex", "lib", "1.0", body))
        c = self.source.component("org.ex", "lib", "1.0")
        self.assertEqual(c.dependencies[0].requirement, Requirement("2.1.0"))

    def test_pom404_versionNotListed_isMissing(self):
        self.server.publish("org/ex/lib/maven-metadata.xml", b"<metadata><version>1.1</version></metadata>")
        self.assertTrue(self.source.component("org.ex", "lib", "1.0").missing)

    def test_pom404_versionListed_failsAsARepositoryError(self):
        self.server.publish("org/ex/lib/maven-metadata.xml", b"<metadata><version>1.0</version></metadata>")
        with self.assertRaisesRegex(RepositoryError, "lib-1.0.pom answers 404 but .*maven-metadata.xml lists 1.0"):
            self.source.component("org.ex", "lib", "1.0")


class RichVersionTest(unittest.TestCase):
    def test_requiresAndStrictly(self):
        self.assertEqual(requirement_from_module({"requires": "1.2"}, "x"), Requirement("1.2"))
        self.assertEqual(requirement_from_module({"strictly": "1.2", "requires": "1.2"}, "x"),
                         Requirement("1.2", strict=True))
        self.assertEqual(requirement_from_module({"strictly": "[1.2]"}, "x"), Requirement("1.2", strict=True))

    def test_unimplementedRichVersions_failLoudly(self):
        for version in ({"strictly": "[1.0,2.0)", "prefer": "1.5"}, {"prefer": "1.5"},
                        {"requires": "1.2", "rejects": ["1.3"]}):
            with self.subTest(version=version), self.assertRaises(UnsupportedVersion):
                requirement_from_module(version, "x")


if __name__ == "__main__":
    unittest.main()
