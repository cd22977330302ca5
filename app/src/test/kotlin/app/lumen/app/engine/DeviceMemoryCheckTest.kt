package app.lumen.app.engine

import android.app.ActivityManager
import android.content.Context
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.inference.MemoryGate
import app.lumen.pkg.ModelFamily
import app.lumen.testkit.TinyPackageGenerator
import java.io.File
import java.nio.file.Files
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** The production check: a real package's forecast against ActivityManager's readings. */
@RunWith(AndroidJUnit4::class)
class DeviceMemoryCheckTest {
  private val context: Context = ApplicationProvider.getApplicationContext()
  private val check = DeviceMemoryCheck(context)

  private fun tinyPackage(): File =
    TinyPackageGenerator.generate(Files.createTempDirectory("tiny"), 1, ModelFamily.QWEN3_VL)
      .dir()
      .toFile()

  private fun device(availableBytes: Long, totalBytes: Long) {
    val info = ActivityManager.MemoryInfo()
    info.availMem = availableBytes
    info.totalMem = totalBytes
    shadowOf(context.getSystemService(ActivityManager::class.java)).setMemoryInfo(info)
  }

  @Test
  fun aTinyModel_fitsAPhone() {
    device(availableBytes = 4_000_000_000, totalBytes = 8_000_000_000)
    val decision = check.check(tinyPackage())!!

    assertEquals(MemoryGate.Verdict.FITS, decision.verdict())
    assertTrue(decision.neededBytes() > 0)
  }

  @Test
  fun withNothingFree_itIsTight_andWithAlmostNoMemoryTooLarge() {
    val dir = tinyPackage()
    device(availableBytes = 0, totalBytes = 8_000_000_000)
    assertEquals(MemoryGate.Verdict.TIGHT, check.check(dir)!!.verdict())

    device(availableBytes = 0, totalBytes = 1_000)
    assertEquals(MemoryGate.Verdict.TOO_LARGE, check.check(dir)!!.verdict())
  }

  @Test
  fun withoutReadings_nothingIsWeighed() {
    device(availableBytes = 0, totalBytes = 0)
    assertNull(check.check(tinyPackage()))
  }
}
