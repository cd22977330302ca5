package app.lumen.app.models

import android.content.Context
import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException

/**
 * The packages the user added from Hugging Face, kept so that their rows stay on the Models screen
 * while they download and after they install, in this process and the next ones. Blocking: call it
 * on the io dispatcher.
 */
interface AddedPackages {
  fun list(): List<CatalogEntry>

  /** Adds [entry], or replaces the one of the same id (the same repository looked up again). */
  fun add(entry: CatalogEntry)

  fun remove(id: String)

  companion object {
    /** Keeps nothing: an added package's row lasts as long as the screen. */
    val NONE =
      object : AddedPackages {
        override fun list() = emptyList<CatalogEntry>()

        override fun add(entry: CatalogEntry) {}

        override fun remove(id: String) {}
      }
  }
}

/**
 * [AddedPackages] in the app's private preferences, as the JSON of a catalog ([Catalog.toJson]),
 * which [Catalog.parse] reads back with the same checks as the bundled catalog. Backed up with the
 * other small preferences: a new phone lists the user's models again, to download there.
 */
class SavedHubPackages(context: Context) : AddedPackages {
  private val prefs = context.getSharedPreferences(FILE_NAME, Context.MODE_PRIVATE)

  @Synchronized override fun list(): List<CatalogEntry> = read().entries()

  @Synchronized override fun add(entry: CatalogEntry) = write(read().with(entry))

  @Synchronized
  override fun remove(id: String) = write(Catalog(read().entries().filter { it.id() != id }))

  private fun read(): Catalog {
    val json = prefs.getString(KEY, null) ?: return Catalog(emptyList())
    return try {
      Catalog.parse(json, FILE_NAME)
    } catch (e: DownloadException) {
      // Written by this class, so only a damaged file gets here: the rows go, the installed
      // packages stay listed from the models folder, and the user can add the others again.
      Catalog(emptyList())
    }
  }

  private fun write(catalog: Catalog) {
    prefs.edit().putString(KEY, catalog.toJson()).commit()
  }

  companion object {
    const val FILE_NAME = "hub_packages"
    private const val KEY = "catalog"
  }
}
