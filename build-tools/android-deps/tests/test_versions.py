"""Gradle's version ordering: the examples of Gradle's user guide and of its own comparator tests."""
import unittest

from lockdeps.versions import UnsupportedVersion, compare, parse, select_latest, single_version, version_key


def released(_version):
    return "release"


class OrderingTest(unittest.TestCase):
    def assertAscending(self, *versions):
        for smaller, larger in zip(versions, versions[1:]):
            with self.subTest(smaller=smaller, larger=larger):
                self.assertLess(compare(smaller, larger), 0)
                self.assertGreater(compare(larger, smaller), 0)
                self.assertEqual(compare(smaller, smaller), 0)

    def assertEquivalent(self, *versions):
        for a in versions:
            for b in versions:
                with self.subTest(a=a, b=b):
                    self.assertEqual(compare(a, b), 0)

    # The user guide, "Declaring Versions and Ranges" > "Understanding version ordering".
    def test_userGuide_separatorsAreNotCompared(self):
        self.assertEquivalent("1.a.1", "1-a+1", "1.a-1", "1a1")

    def test_userGuide_numericParts(self):
        self.assertAscending("1.1", "1.2")
        self.assertAscending("1.a", "1.1")

    def test_userGuide_nonNumericPartsAreAlphabeticalAndCaseSensitive(self):
        self.assertAscending("1.A", "1.B", "1.a", "1.b")

    def test_userGuide_extraNumericPartIsHigherEvenZero(self):
        self.assertAscending("1.1", "1.1.0")

    def test_userGuide_extraNonNumericPartIsLower(self):
        self.assertAscending("1.1.a", "1.1")

    def test_userGuide_devIsLowest(self):
        self.assertAscending("1.0-dev", "1.0-ALPHA", "1.0-alpha", "1.0-rc")

    def test_userGuide_specialQualifiers(self):
        self.assertAscending("1.0-zeta", "1.0-rc", "1.0-snapshot", "1.0-final", "1.0-ga", "1.0-release",
                             "1.0-sp", "1.0")

    def test_userGuide_specialQualifiersIgnoreCaseAndSeparator(self):
        self.assertEquivalent("1.0-RC-1", "1.0.rc.1")

    # Gradle's DefaultVersionComparatorTest.
    def test_numbersCompareAsNumbers(self):
        self.assertAscending("1.2", "1.10")
        self.assertAscending("1.0-1", "1.0-2")
        self.assertAscending("1.0-1", "1.0.2")
        self.assertAscending("2.11.4", "2.11.4+4")
        self.assertEquivalent("01.0", "1.0")
        self.assertEquivalent("001.2.003", "0001.02.3")

    def test_numericBeatsNonNumeric(self):
        self.assertAscending("1.0-alpha", "1.0.1")
        self.assertAscending("1.0.0-alpha.beta", "1.0.0-alpha.1")
        self.assertAscending("a", "123")

    def test_trailingNonNumericPartsMakeSmaller(self):
        self.assertAscending("1.beta.a", "1.beta")
        self.assertAscending("a-b-c", "a.b")

    def test_specialQualifierRanks(self):
        self.assertAscending("1.0-dev-1", "1.0-dev-2", "1.0-xx-1")
        self.assertAscending("1.0-alpha-1", "1.0-rc-1", "1.0-rc-2", "1.0-final")
        self.assertAscending("1.0-ga", "1.0-")
        self.assertEquivalent("1.0-snapshot", "1.0.SNAPSHOT")

    def test_snapshotLikeVersions(self):
        self.assertAscending("1.0-SNAPSHOT", "1.0", "1.0-20150201.121010-123", "1.0-20150201.121010-124")

    # What the old comparator got wrong in our graph.
    def test_nativeMtSortsBelowTheRelease(self):
        self.assertAscending("1.9.0-native-mt", "1.9.0", "1.10.2")

    def test_androidFlavourSortsBelowJre(self):
        self.assertAscending("33.6.0-android", "33.6.0-jre")

    def test_emptyGuavaStubIsHighest(self):
        self.assertAscending("1.0", "33.6.0-jre", "9999.0-empty-to-avoid-conflict-with-guava")

    def test_sortKey(self):
        self.assertEqual(sorted(["1.10", "1.9.0-native-mt", "1.9", "1.9.0"], key=version_key),
                         ["1.9", "1.9.0-native-mt", "1.9.0", "1.10"])


class ParserTest(unittest.TestCase):
    # Gradle's VersionParserTest.
    def test_parts(self):
        self.assertEqual(parse("a.b-c+d_e").parts, ("a", "b", "c", "d", "e"))
        self.assertEqual(parse("1a2b").parts, ("1", "a", "2", "b"))
        self.assertEqual(parse("...").parts, ("", "", ""))
        self.assertEqual(parse("-a b c-  ").parts, ("", "a b c", "  "))
        self.assertEqual(parse("").parts, ())

    def test_numericParts(self):
        self.assertEqual(parse("1.2-beta_3+0000").numeric, (1, 2, None, 3, 0))
        self.assertEqual(parse("b1-2-3.3").numeric, (None, 1, 2, 3, 3))

    def test_baseVersion(self):
        cases = {"1.2.3": ("1.2.3", False), "1.2-3": ("1.2", True), "1.2-beta_3+0000": ("1.2", True),
                 "1.2b3": ("1.2", True), "1-alpha": ("1", True), "abc.1-3": ("abc.1", True),
                 "a.b.c.1.2": ("a.b.c.1.2", False), "1b2.1.2.3": ("1", True), "b1-2-3.3": ("b", True)}
        for version, (base, qualified) in cases.items():
            with self.subTest(version=version):
                self.assertEqual(parse(version).base.source, base)
                self.assertEqual(parse(version).qualified, qualified)


class ConflictResolutionTest(unittest.TestCase):
    def test_highestWinsWhateverTheOrder(self):
        for candidates in (["1.9.0-native-mt", "1.9.0"], ["1.9.0", "1.9.0-native-mt"]):
            self.assertEqual(select_latest(candidates, released), "1.9.0")
        for candidates in (["33.6.0-android", "33.6.0-jre"], ["33.6.0-jre", "33.6.0-android"]):
            self.assertEqual(select_latest(candidates, released), "33.6.0-jre")

    def test_baseVersionDecidesFirst(self):
        # 1.0-2 > 1.0.1 in plain ordering, but its base version 1.0 is lower than 1.0.1.
        self.assertGreater(compare("1.0-2", "1.0.1"), 0)
        self.assertEqual(select_latest(["1.0-2", "1.0.1"], released), "1.0.1")

    def test_unqualifiedReleaseBeatsHigherSnapshotOfSameBase(self):
        status = {"1.0-SNAPSHOT": "integration", "1.0": "release"}.get
        self.assertEqual(select_latest(["1.0-SNAPSHOT", "1.0"], status), "1.0")

    def test_qualifiedWithoutReleaseStatusLosesToReleasedOne(self):
        status = {"2.0-rc1": "milestone", "2.0-beta": "release"}.get
        self.assertEqual(select_latest(["2.0-beta", "2.0-rc1"], status), "2.0-beta")


class SelectorTest(unittest.TestCase):
    def test_singleVersionRangeIsExact(self):
        self.assertEqual(single_version("[2.1.0]"), "2.1.0")
        self.assertEqual(single_version("[1.0, 1.0]"), "1.0")
        self.assertEqual(single_version("1.3.0-beta3"), "1.3.0-beta3")

    def test_dynamicSelectorsFailLoudly(self):
        for selector in ("[1.0,2.0)", "[1.0,)", "(,2.0]", "]1.0,2.0[", "1.+", "+", "latest.release", "RELEASE"):
            with self.subTest(selector=selector), self.assertRaises(UnsupportedVersion):
                single_version(selector)


if __name__ == "__main__":
    unittest.main()
