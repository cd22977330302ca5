"""Downloads against a real HTTP server on loopback: checksums, retries, 404s, the verified cache."""
import hashlib
import os
import tempfile
import unittest

from lockdeps.repository import ATTEMPTS, Repository, RepositoryError
from tests.fake_server import DROP, FakeRepositoryServer

POM = "org/example/lib/1.0/lib-1.0.pom"


class RepositoryTest(unittest.TestCase):
    def setUp(self):
        self.server = FakeRepositoryServer()
        self.addCleanup(self.server.close)
        self.cache = tempfile.TemporaryDirectory()
        self.addCleanup(self.cache.cleanup)
        self.sleeps = []

    def repository(self):
        repo = Repository(self.server.url, self.cache.name, sleep=self.sleeps.append)
        self.addCleanup(repo.close)
        return repo

    def test_get_verifiedFile_isReturnedAndCached(self):
        self.server.publish(POM, b"<project/>")
        self.assertEqual(self.repository().get(POM), b"<project/>")
        self.assertEqual(self.repository().get(POM), b"<project/>")  # a later run
        self.assertEqual(self.server.requests[POM], 1)

    def test_get_checksumMismatch_failsNamingTheUrl(self):
        self.server.publish(POM, b"<project/>")
        self.server.files[POM] = b"<project>tampered</project>"
        with self.assertRaisesRegex(RepositoryError, f"checksum mismatch for {self.server.url}/{POM}:"):
            self.repository().get(POM)
        self.assertFalse(os.path.exists(os.path.join(self.cache.name, POM)))

    def test_get_noPublishedChecksum_failsNamingTheUrl(self):
        self.server.files[POM] = b"<project/>"
        with self.assertRaisesRegex(RepositoryError, f"no published checksum for {self.server.url}/{POM} "):
            self.repository().get(POM)

    def test_get_onlySha1Published_verifiesWithSha1(self):
        self.server.publish(POM, b"<project/>", checksums=("sha1",))
        self.assertEqual(self.repository().get(POM), b"<project/>")

    def test_get_sha256Published_wrongSha1IsNotConsulted(self):
        self.server.publish(POM, b"<project/>", checksums=("sha256",))
        self.server.files[POM + ".sha1"] = b"0" * 40
        self.assertEqual(self.repository().get(POM), b"<project/>")

    def test_get_sha512Published_mismatchFails(self):
        self.server.publish(POM, b"<project/>", checksums=("sha512",))
        self.server.files[POM] = b"<other/>"
        with self.assertRaisesRegex(RepositoryError, "sha512"):
            self.repository().get(POM)

    def test_get_checksumWithFileName_isRead(self):
        self.server.files[POM] = b"<project/>"
        self.server.files[POM + ".sha256"] = hashlib.sha256(b"<project/>").hexdigest().upper().encode() + b"  lib-1.0.pom\n"
        self.assertEqual(self.repository().get(POM), b"<project/>")

    def test_get_404_isNoneAndNotRememberedAcrossRuns(self):
        self.assertIsNone(self.repository().get(POM))
        self.server.publish(POM, b"<project/>")  # the mirror catches up
        self.assertEqual(self.repository().get(POM), b"<project/>")

    def test_get_transientErrors_areRetried(self):
        self.server.publish(POM, b"<project/>")
        self.server.script[POM] = [503, DROP, 429]
        self.assertEqual(self.repository().get(POM), b"<project/>")
        self.assertEqual(self.server.requests[POM], 4)
        self.assertEqual(self.sleeps, [1.0, 2.0, 4.0])

    def test_get_persistentServerError_failsNamingTheUrl(self):
        self.server.publish(POM, b"<project/>")
        self.server.script[POM] = [500] * ATTEMPTS
        with self.assertRaisesRegex(RepositoryError, f"{self.server.url}/{POM}: still failing after {ATTEMPTS}"):
            self.repository().get(POM)

    def test_get_transientErrorOnChecksum_isRetriedToo(self):
        self.server.publish(POM, b"<project/>")
        self.server.script[POM + ".sha256"] = [502]
        self.assertEqual(self.repository().get(POM), b"<project/>")

    def test_get_forbidden_failsAtOnce(self):
        self.server.script[POM] = [403]
        with self.assertRaisesRegex(RepositoryError, f"HTTP 403 for {self.server.url}/{POM}"):
            self.repository().get(POM)
        self.assertEqual(self.server.requests[POM], 1)

    def test_get_uncached_fetchesEveryTime(self):
        self.server.publish("org/example/lib/maven-metadata.xml", b"<metadata/>")
        repo = self.repository()
        repo.get("org/example/lib/maven-metadata.xml", cache=False)
        repo.get("org/example/lib/maven-metadata.xml", cache=False)
        self.assertEqual(self.server.requests["org/example/lib/maven-metadata.xml"], 2)
        self.assertFalse(os.path.exists(os.path.join(self.cache.name, "org/example/lib/maven-metadata.xml")))


if __name__ == "__main__":
    unittest.main()
