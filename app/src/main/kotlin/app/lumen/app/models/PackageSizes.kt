package app.lumen.app.models

import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException
import java.io.File
import java.io.IOException
import org.json.JSONException
import org.json.JSONObject

/**
 * Download sizes of catalog entries. The catalog lists no sizes for Hugging Face packages, so the
 * first view of the Models screen asks the Hub (one small request per entry) and the answers are
 * kept in [file]: later views, offline ones included, show them at once. Keyed by id and revision,
 * so a catalog that moves an entry to another revision asks again.
 *
 * Blocking and thread-safe: call it off the main thread.
 *
 * @param ask the Hub's answer for an entry (`ModelDownloader.packageSize`)
 */
class PackageSizes(private val file: File, private val ask: (CatalogEntry) -> Long) {
  private val known: MutableMap<String, Long> by lazy { read() }

  /** The size the catalog states or an earlier answer gave; null if neither. */
  @Synchronized
  fun cached(entry: CatalogEntry): Long? = entry.knownSize().takeIf { it >= 0 } ?: known[key(entry)]

  /**
   * The size of [entry], asked of the Hub when it is not known yet.
   *
   * @throws DownloadException when the Hub cannot answer (offline, for instance)
   */
  fun size(entry: CatalogEntry): Long {
    cached(entry)?.let {
      return it
    }
    val bytes = ask(entry)
    synchronized(this) {
      known[key(entry)] = bytes
      write()
    }
    return bytes
  }

  private fun key(entry: CatalogEntry) = "${entry.id()}@${entry.source().revision()}"

  private fun read(): MutableMap<String, Long> {
    val sizes = HashMap<String, Long>()
    try {
      if (!file.isFile) return sizes
      val json = JSONObject(file.readText())
      for (key in json.keys()) sizes[key] = json.getLong(key)
    } catch (e: IOException) {
      // A cache: an unreadable one is asked again, and rewritten.
    } catch (e: JSONException) {
      // As above: a torn or foreign file costs one request per entry, nothing more.
    }
    return sizes
  }

  private fun write() {
    val json = JSONObject()
    known.forEach { (key, bytes) -> json.put(key, bytes) }
    file.parentFile?.mkdirs()
    val tmp = File(file.path + ".tmp")
    tmp.writeText(json.toString())
    if (!tmp.renameTo(file)) tmp.delete()
  }
}
