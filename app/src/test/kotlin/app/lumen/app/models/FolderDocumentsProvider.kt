package app.lumen.app.models

import android.Manifest
import android.content.pm.ProviderInfo
import android.database.Cursor
import android.database.MatrixCursor
import android.net.Uri
import android.os.CancellationSignal
import android.os.ParcelFileDescriptor
import android.provider.DocumentsContract
import android.provider.DocumentsContract.Document
import android.provider.DocumentsProvider
import java.io.File
import java.io.FileNotFoundException
import org.robolectric.Robolectric

/**
 * A documents provider over a folder on disk, as a file manager app serves one to the folder
 * picker. Document ids are opaque numbers handed out as folders are listed, as many real providers'
 * are, so a reader that took ids for paths would fail here.
 *
 * Counts what was asked of it, so tests can tell which folders an import listed.
 */
class FolderDocumentsProvider : DocumentsProvider() {
  private val files = mutableMapOf<String, File>()
  private val ids = mutableMapOf<File, String>()

  /** The document ids of the folders whose children were listed, in order. */
  val listed = mutableListOf<String>()

  override fun onCreate() = true

  private fun serve(root: File): Uri {
    files[ROOT_ID] = root
    ids[root] = ROOT_ID
    return DocumentsContract.buildTreeDocumentUri(AUTHORITY, ROOT_ID)
  }

  private fun idOf(file: File): String =
    ids.getOrPut(file) { (files.size).toString() }.also { files[it] = file }

  private fun file(documentId: String): File =
    files[documentId] ?: throw FileNotFoundException("no document $documentId")

  override fun queryRoots(projection: Array<out String>?): Cursor =
    MatrixCursor(projection ?: arrayOf(DocumentsContract.Root.COLUMN_ROOT_ID))

  override fun queryDocument(documentId: String, projection: Array<out String>?): Cursor =
    cursor(projection).also { addRow(it, documentId, file(documentId)) }

  override fun queryChildDocuments(
    parentDocumentId: String,
    projection: Array<out String>?,
    sortOrder: String?,
  ): Cursor {
    listed += parentDocumentId
    val cursor = cursor(projection)
    file(parentDocumentId)
      .listFiles()
      .orEmpty()
      .sortedBy { it.name }
      .forEach { addRow(cursor, idOf(it), it) }
    return cursor
  }

  override fun openDocument(
    documentId: String,
    mode: String,
    signal: CancellationSignal?,
  ): ParcelFileDescriptor {
    check(mode == "r") { "an import only reads: asked for mode $mode" }
    return ParcelFileDescriptor.open(file(documentId), ParcelFileDescriptor.MODE_READ_ONLY)
  }

  override fun isChildDocument(parentDocumentId: String, documentId: String): Boolean {
    val parent = file(parentDocumentId)
    return generateSequence(file(documentId).parentFile) { it.parentFile }.any { it == parent }
  }

  private fun cursor(projection: Array<out String>?) = MatrixCursor(projection ?: DEFAULT_COLUMNS)

  private fun addRow(cursor: MatrixCursor, documentId: String, file: File) {
    cursor
      .newRow()
      .add(Document.COLUMN_DOCUMENT_ID, documentId)
      .add(Document.COLUMN_DISPLAY_NAME, file.name)
      .add(
        Document.COLUMN_MIME_TYPE,
        if (file.isDirectory) Document.MIME_TYPE_DIR else "application/octet-stream",
      )
      .add(Document.COLUMN_SIZE, file.length())
      .add(Document.COLUMN_FLAGS, 0)
  }

  companion object {
    const val AUTHORITY = "app.lumen.test.documents"
    private const val ROOT_ID = "0"
    private val DEFAULT_COLUMNS =
      arrayOf(
        Document.COLUMN_DOCUMENT_ID,
        Document.COLUMN_DISPLAY_NAME,
        Document.COLUMN_MIME_TYPE,
        Document.COLUMN_SIZE,
        Document.COLUMN_FLAGS,
      )

    /**
     * Registers a provider serving [root] with the test's content resolver, set up as the system
     * requires of a documents provider, and returns the tree Uri the folder picker would return.
     */
    fun serve(root: File): Pair<FolderDocumentsProvider, Uri> {
      val info =
        ProviderInfo().apply {
          authority = AUTHORITY
          exported = true
          grantUriPermissions = true
          readPermission = Manifest.permission.MANAGE_DOCUMENTS
          writePermission = Manifest.permission.MANAGE_DOCUMENTS
        }
      val provider =
        Robolectric.buildContentProvider(FolderDocumentsProvider::class.java).create(info).get()
      return provider to provider.serve(root)
    }
  }
}
