package app.lumen.app.data

import android.content.Context
import android.database.sqlite.SQLiteDatabase
import androidx.room.Room
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.inference.GenerationStats
import com.google.gson.JsonParser
import java.io.File
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Test
import org.junit.runner.RunWith

/**
 * Migrations are checked on a database built from the exported schema of the old version (the
 * committed JSON in app/schemas), then opened by Room with the migrations: Room itself verifies
 * that the migrated tables match the current entities, and the data must survive.
 */
@RunWith(AndroidJUnit4::class)
class MigrationTest {
  private val context: Context = ApplicationProvider.getApplicationContext()

  @Test
  fun migrate1To2_keepsConversations_andAddsSearchableMessages() = runBlocking {
    val name = "migration-test.db"
    createFromSchema(name, version = 1) { db ->
      db.execSQL(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (7, 'Old chat', 1, 2)"
      )
    }

    openMigrated(name) { repository ->
      val old = repository.conversation(7)!!
      assertEquals("Old chat", old.title)
      assertEquals(2L, old.updatedAtMillis)
      assertNull(old.modelId)
      assertEquals(GenerationSettings(), old.settings)

      repository.addUserMessage(7, "migrated databases answer searches")
      assertEquals(listOf(7L), repository.ids("searches"))
    }
  }

  @Test
  fun migrate2To3_keepsMessages_andRecordsProviderFallbacks() = runBlocking {
    val name = "migration-2-3-test.db"
    createFromSchema(name, version = 2) { db ->
      db.execSQL(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (3, 'Chat', 1, 2)"
      )
      db.execSQL(
        "INSERT INTO messages (id, conversation_id, role, text, status, created_at," +
          " generated_tokens, backend) VALUES (9, 3, 'assistant', 'Old answer', 'COMPLETE', 5," +
          " 4, 'xnnpack')"
      )
    }

    openMigrated(name) { repository ->
      val old = repository.observeMessages(3).first().single()
      assertEquals("Old answer", old.text)
      assertEquals("xnnpack", old.stats!!.backend)
      assertNull(old.stats!!.backendFallback)

      val answer = repository.startAnswer(3)
      repository.finishAnswer(
        answer,
        "New answer",
        null,
        MessageStatus.COMPLETE,
        "stop_token",
        stats = GenerationStats(1, 1, 0, 0, 2, 1.0, 1.0, 1.0, 0.0, "cpu", "nnapi is missing"),
      )
      val fresh = repository.observeMessages(3).first().last()
      assertEquals("nnapi is missing", fresh.stats!!.backendFallback)
    }
  }

  @Test
  fun migrate3To4_makesOldMessagesSearchableBeyondAscii() = runBlocking {
    val name = "migration-3-4-test.db"
    createFromSchema(name, version = 3) { db ->
      db.execSQL(
        "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (5, 'Chat', 1, 2)"
      )
      db.execSQL(
        "INSERT INTO messages (id, conversation_id, role, text, status, created_at) VALUES" +
          " (11, 5, 'user', 'Über den Ärger im Café. 我的猫很可爱', 'COMPLETE', 3)"
      )
    }

    openMigrated(name) { repository ->
      for (query in listOf("über", "ärger", "cafe", "猫", "可爱")) {
        assertEquals(query, listOf(5L), repository.ids(query))
      }
      assertEquals("Über den Ärger im Café. 我的猫很可爱", repository.message(11)!!.text)

      // The rebuilt index keeps following new messages.
      repository.addUserMessage(5, "Новое сообщение")
      assertEquals(listOf(5L), repository.ids("НОВОЕ"))
    }
  }

  private suspend fun ChatRepository.ids(query: String) =
    observeConversations(query).first().map { it.conversation.id }

  /** Opens [name] with Room and every migration, which checks the tables against the entities. */
  private suspend fun openMigrated(name: String, check: suspend (ChatRepository) -> Unit) {
    val room =
      LumenDatabase.builder(Room.databaseBuilder(context, LumenDatabase::class.java, name)).build()
    try {
      check(ChatRepository(room, AttachmentFiles(File(context.filesDir, "a"))))
    } finally {
      room.close()
    }
  }

  /** Creates database [name] at [version] with exactly the SQL Room exported for that version. */
  private fun createFromSchema(name: String, version: Int, fill: (SQLiteDatabase) -> Unit) {
    val schema = File("schemas/${LumenDatabase::class.java.name}/$version.json")
    val database = JsonParser.parseString(schema.readText()).asJsonObject["database"].asJsonObject
    val file = context.getDatabasePath(name)
    file.parentFile!!.mkdirs()
    val db = SQLiteDatabase.openOrCreateDatabase(file, null)
    try {
      for (entity in database["entities"].asJsonArray) {
        val table = entity.asJsonObject["tableName"].asString
        db.execSQL(entity.asJsonObject["createSql"].asString.replace("\${TABLE_NAME}", table))
        entity.asJsonObject["indices"]?.asJsonArray?.forEach {
          db.execSQL(it.asJsonObject["createSql"].asString.replace("\${TABLE_NAME}", table))
        }
      }
      database["setupQueries"].asJsonArray.forEach { db.execSQL(it.asString) }
      fill(db)
      db.version = version
    } finally {
      db.close()
    }
  }
}
