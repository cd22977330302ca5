package app.lumen.app.models

import android.content.ContentResolver
import android.net.Uri
import android.provider.DocumentsContract
import android.provider.DocumentsContract.Document
import java.io.FileNotFoundException
import java.io.IOException
import java.io.InputStream

/**
 * An [ImportSource] over a folder picked with the Storage Access Framework (`OpenDocumentTree`).
 *
 * A path is found one name at a time through the provider's child listings, each folder listed at
 * most once: only the folders on the way to the package's files are read, however large the tree
 * the user picked. Where a folder holds two documents of one name (providers allow it), the first
 * listed is used.
 *
 * @param tree the Uri the picker returned
 */
class DocumentTreeSource(private val resolver: ContentResolver, private val tree: Uri) :
  ImportSource {
  private data class Child(val documentId: String, val isFolder: Boolean)

  private val listings = mutableMapOf<String, Map<String, Child>>()

  override fun open(path: String): InputStream? {
    var documentId = DocumentsContract.getTreeDocumentId(tree)
    val names = path.split('/')
    for ((index, name) in names.withIndex()) {
      val child = childrenOf(documentId)[name] ?: return null
      // A folder where the manifest names a file (or the reverse) is as good as missing.
      if (child.isFolder != (index < names.lastIndex)) return null
      documentId = child.documentId
    }
    val uri = DocumentsContract.buildDocumentUriUsingTree(tree, documentId)
    return providerCall(path) { resolver.openInputStream(uri) }
      ?: throw FileNotFoundException("$path: the folder's app gave no content")
  }

  private fun childrenOf(documentId: String): Map<String, Child> =
    listings.getOrPut(documentId) {
      val uri = DocumentsContract.buildChildDocumentsUriUsingTree(tree, documentId)
      // The Bundle form: the one DocumentsProvider serves itself, without the pre-O translation.
      val cursor =
        providerCall(uri.toString()) { resolver.query(uri, COLUMNS, null, null) }
          ?: throw IOException("$uri: the folder's app gave no listing")
      cursor.use {
        val found = LinkedHashMap<String, Child>()
        while (it.moveToNext()) {
          val name = it.getString(NAME) ?: continue
          found.putIfAbsent(
            name,
            Child(it.getString(ID), it.getString(MIME_TYPE) == Document.MIME_TYPE_DIR),
          )
        }
        found
      }
    }

  /**
   * Runs a provider call, turning the ways a provider refuses into the [IOException] sources throw.
   */
  private fun <T> providerCall(what: String, call: () -> T): T =
    try {
      call()
    } catch (e: SecurityException) {
      // The grant ends with the process or when the user revokes it in the system's settings.
      throw IOException("$what: access to the folder was withdrawn (${e.message})", e)
    } catch (e: IllegalArgumentException) {
      // A provider that no longer knows the document (the folder was moved or deleted).
      throw IOException("$what: the folder's app no longer knows it (${e.message})", e)
    }

  private companion object {
    val COLUMNS =
      arrayOf(Document.COLUMN_DOCUMENT_ID, Document.COLUMN_DISPLAY_NAME, Document.COLUMN_MIME_TYPE)
    const val ID = 0
    const val NAME = 1
    const val MIME_TYPE = 2
  }
}
