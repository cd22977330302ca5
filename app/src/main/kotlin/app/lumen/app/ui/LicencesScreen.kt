package app.lumen.app.ui

import android.content.res.AssetManager
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.lumen.R
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** One shipped notice file, split into paragraphs so a long one scrolls lazily. */
internal data class LicenceText(val title: String, val paragraphs: List<String>)

/** The notices of the software the APK ships (assets/licenses/), read off the main thread. */
@Composable
internal fun LicencesRoute() {
  val assets = LocalContext.current.assets
  val texts by
    produceState<List<LicenceText>?>(initialValue = null, assets) {
      value = withContext(Dispatchers.IO) { Licences.read(assets) }
    }
  LicencesScreen(texts)
}

@Composable
internal fun LicencesScreen(texts: List<LicenceText>?) {
  LazyColumn(
    Modifier.fillMaxSize().padding(horizontal = 24.dp).testTag("licences"),
    verticalArrangement = Arrangement.spacedBy(8.dp),
  ) {
    item {
      Text(
        stringResource(R.string.licences_title),
        style = MaterialTheme.typography.titleLarge,
        modifier = Modifier.padding(top = 24.dp),
      )
    }
    texts?.forEach { text ->
      item(key = text.title) {
        Text(
          text.title,
          style = MaterialTheme.typography.titleMedium,
          modifier = Modifier.padding(top = 16.dp),
        )
      }
      items(text.paragraphs) { Text(it, style = MaterialTheme.typography.bodySmall) }
    }
  }
}

internal object Licences {
  /**
   * The notice files under assets/licenses/, in display order: where a component comes from, its
   * licence, then its third-party notices.
   */
  private val FILES =
    listOf("onnxruntime/NOTICE.txt", "onnxruntime/LICENSE.txt", "onnxruntime/ThirdPartyNotices.txt")

  fun read(assets: AssetManager): List<LicenceText> =
    FILES.map { file ->
      val text = assets.open("licenses/$file").bufferedReader().use { it.readText() }
      LicenceText(file.removeSuffix(".txt").replace("/", ": "), paragraphs(text))
    }

  private fun paragraphs(text: String): List<String> =
    text.split(Regex("\\n\\s*\\n")).map { it.trim() }.filter { it.isNotEmpty() }
}
