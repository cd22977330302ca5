package app.lumen.app.ui

import android.content.ComponentName
import android.content.Intent
import androidx.test.core.app.ApplicationProvider
import app.lumen.app.LumenApplication
import app.lumen.app.engine.InferenceService
import app.lumen.app.engine.MemoryCheck
import app.lumen.app.engine.ModelLocator
import app.lumen.inference.testing.FakeInferenceEngine
import java.io.File
import kotlinx.coroutines.Dispatchers
import org.junit.rules.TestRule
import org.junit.runner.Description
import org.junit.runners.model.Statement
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf

/**
 * Installs [engine] with a fake installed package (unless [withPackage] is false: the test installs
 * one itself) and connects bindService to a real [InferenceService], before any activity starts;
 * the engine runs on the main looper.
 */
class FakeInstalledModel(
  private val engine: FakeInferenceEngine,
  private val withPackage: Boolean = true,
) : TestRule {
  override fun apply(base: Statement, description: Description) =
    object : Statement() {
      override fun evaluate() {
        val app = ApplicationProvider.getApplicationContext<LumenApplication>()
        val originalFactory = InferenceService.engineFactory
        val originalDispatcher = InferenceService.engineDispatcher
        val originalMemoryCheck = InferenceService.memoryCheck
        InferenceService.memoryCheck = { MemoryCheck.UNCHECKED }
        InferenceService.engineFactory = { engine }
        InferenceService.engineDispatcher = Dispatchers.Main
        if (withPackage) {
          val models = File(InferenceService.modelsDir(app), "fake")
          models.mkdirs()
          File(models, ModelLocator.MANIFEST).writeText("{}")
        }
        val controller = Robolectric.buildService(InferenceService::class.java).create()
        shadowOf(app)
          .setComponentNameAndServiceForBindService(
            ComponentName(app, InferenceService::class.java),
            controller.get().onBind(Intent()),
          )
        try {
          base.evaluate()
        } finally {
          InferenceService.engineFactory = originalFactory
          InferenceService.engineDispatcher = originalDispatcher
          InferenceService.memoryCheck = originalMemoryCheck
        }
      }
    }
}
