package app.lumen.app

import android.content.Context
import android.content.res.XmlResourceParser
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.R
import app.lumen.app.data.LumenDatabase
import app.lumen.app.downloads.DownloadRequests
import java.io.File
import java.util.Properties
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.w3c.dom.Document
import org.w3c.dom.Element
import org.xmlpull.v1.XmlPullParser

/**
 * Chats and their photos stay on the phone: Auto Backup (Android 11 and lower) and cloud backup and
 * device transfer (Android 12+) leave out the database, the attached photos and the models. Read
 * from the resources and manifest the app is built with.
 */
@RunWith(AndroidJUnit4::class)
class BackupRulesTest {
  private val context = ApplicationProvider.getApplicationContext<Context>()

  /**
   * The database, its journal files, the photos and the models; and the app's preferences, which
   * record that this phone was asked for permissions (a new phone must ask again), and the model
   * downloads it paused (their parts stay behind).
   */
  private val private =
    listOf("", "-wal", "-shm", "-journal").map { "database" to LumenDatabase.FILE_NAME + it } +
      listOf("file" to "attachments/", "file" to "models/") +
      listOf("sharedpref" to AppPreferences.FILE_NAME + ".xml") +
      listOf("sharedpref" to DownloadRequests.FILE_NAME + ".xml")

  @Test
  fun manifest_pointsAtTheRules() {
    val application = mergedManifest().getElementsByTagName("application").item(0) as Element
    assertEquals(reference(R.xml.backup_rules), application.androidAttribute("fullBackupContent"))
    assertEquals(
      reference(R.xml.data_extraction_rules),
      application.androidAttribute("dataExtractionRules"),
    )
  }

  @Test
  fun fullBackup_excludesChatsPhotosAndModels() {
    val rules = read(R.xml.backup_rules)
    assertExcludes(rules.getValue("full-backup-content"))
  }

  @Test
  fun cloudBackupAndDeviceTransfer_excludeChatsPhotosAndModels() {
    val rules = read(R.xml.data_extraction_rules)
    assertExcludes(rules.getValue("cloud-backup"))
    assertExcludes(rules.getValue("device-transfer"))
  }

  @Test
  fun cloudBackup_onlyWithEndToEndEncryption() {
    context.resources.getXml(R.xml.data_extraction_rules).use { parser ->
      while (parser.next() != XmlPullParser.END_DOCUMENT) {
        if (parser.eventType == XmlPullParser.START_TAG && parser.name == "cloud-backup") {
          assertEquals("true", parser.getAttributeValue(null, "disableIfNoEncryptionCapabilities"))
          return
        }
      }
    }
    throw AssertionError("no cloud-backup section")
  }

  private fun assertExcludes(excluded: Set<Pair<String, String>>) {
    for (entry in private) assertTrue("$entry in $excluded", entry in excluded)
  }

  /** Each section (the root for the old format) with the (domain, path) pairs it excludes. */
  private fun read(id: Int): Map<String, Set<Pair<String, String>>> {
    val sections = mutableMapOf<String, MutableSet<Pair<String, String>>>()
    var section = ""
    context.resources.getXml(id).use { parser ->
      while (parser.next() != XmlPullParser.END_DOCUMENT) {
        if (parser.eventType != XmlPullParser.START_TAG) continue
        if (parser.name == "exclude") {
          sections
            .getOrPut(section) { mutableSetOf() }
            .add(parser.attribute("domain") to parser.attribute("path"))
        } else if (parser.name != "include") {
          section = parser.name
        }
      }
    }
    return sections
  }

  private fun XmlResourceParser.attribute(name: String) =
    getAttributeValue(null, name) ?: throw AssertionError("exclude without $name")

  private fun reference(id: Int) = "@xml/" + context.resources.getResourceEntryName(id)

  /**
   * The manifest the build merged and Robolectric runs with; Robolectric leaves the backup fields
   * of ApplicationInfo empty.
   */
  private fun mergedManifest(): Document {
    val config = Properties()
    javaClass.getResourceAsStream("/com/android/tools/test_config.properties")!!.use(config::load)
    val factory = DocumentBuilderFactory.newInstance()
    factory.isNamespaceAware = true
    return factory.newDocumentBuilder().parse(File(config.getProperty("android_merged_manifest")))
  }

  private fun Element.androidAttribute(name: String) =
    getAttributeNS("http://schemas.android.com/apk/res/android", name)
}
