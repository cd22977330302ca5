"""lock.py --check: the committed poms must be exactly what lock.py renders."""
import contextlib
import io
import os
import tempfile
import unittest
from unittest import mock

import lock
from lockdeps.render import render_lock


class CheckTest(unittest.TestCase):
    def setUp(self):
        out = tempfile.TemporaryDirectory()
        self.addCleanup(out.cleanup)
        patcher = mock.patch.object(lock, "OUT_DIR", out.name)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.poms = {"runtime-lock": render_lock("runtime-lock", "d", [("g", "a", "1.0", "aar", None)])}

    def check(self):
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            same = lock.check(self.poms)
        return same, stdout.getvalue(), stderr.getvalue()

    def test_check_committedPomsMatch_passes(self):
        with contextlib.redirect_stdout(io.StringIO()):
            lock.write(self.poms)
        self.assertEqual(self.check(), (True, "", ""))

    def test_check_handEditedPom_failsWithADiff(self):
        with contextlib.redirect_stdout(io.StringIO()):
            lock.write(self.poms)
        path = lock.lock_path("runtime-lock")
        with open(path, encoding="utf-8") as f:
            edited = f.read().replace("<version>1.0</version>", "<version>1.1</version>")
        with open(path, "w", encoding="utf-8") as f:
            f.write(edited)
        same, diff, message = self.check()
        self.assertFalse(same)
        self.assertIn("-    <dependency><groupId>g</groupId><artifactId>a</artifactId><version>1.1</version>", diff)
        self.assertIn("+    <dependency><groupId>g</groupId><artifactId>a</artifactId><version>1.0</version>", diff)
        self.assertIn("run build-tools/android-deps/lock.py", message)

    def test_check_missingPom_fails(self):
        self.assertFalse(os.path.exists(lock.lock_path("runtime-lock")))
        self.assertFalse(self.check()[0])

    def test_renderedPom_keepsTheCommittedFormat(self):
        text = render_lock("test-lock", "d", [("g", "a", "1.0", "jar", "tests")])
        self.assertIn("<artifactId>test-lock</artifactId>", text)
        self.assertIn("<version>1.0</version><classifier>tests</classifier><exclusions>", text)
        self.assertTrue(text.endswith("  </dependencies>\n</project>\n"))


if __name__ == "__main__":
    unittest.main()
