package app.lumen.app.data

import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.first
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class ChatRepositoryTest {
  private val chats = TestChats(dbName = "repository-test.db")
  private val repository = chats.repository

  @After fun close() = chats.close()

  /** Runs [body] on the main looper, where the repository works in these tests. */
  private fun onLooper(body: suspend CoroutineScope.() -> Unit) = chats.clock.await(body)

  @Test
  fun firstUserMessage_namesAnUntitledConversation() = onLooper {
    val id = repository.createConversation()
    repository.addUserMessage(id, "What is the boiling point of water at altitude?\nDetails please")
    assertEquals("What is the boiling point of water at al…", repository.conversation(id)!!.title)
    repository.addUserMessage(id, "second question")
    assertEquals("What is the boiling point of water at al…", repository.conversation(id)!!.title)
  }

  @Test
  fun search_findsConversationsByMessageWordsAndTitle() = onLooper {
    val cooking = repository.createConversation("Cooking")
    repository.addUserMessage(cooking, "How long do I boil an egg?")
    val travel = repository.createConversation("Trips")
    repository.addUserMessage(travel, "Best season for Lisbon")

    assertEquals(listOf(cooking), ids("egg"))
    assertEquals(listOf(cooking), ids("boi")) // prefix match
    assertEquals(listOf(travel), ids("trip"))
    assertEquals(listOf(travel), ids("LISBON season"))
    assertEquals(emptyList<Long>(), ids("egg lisbon"))
    assertEquals(setOf(cooking, travel), ids("").toSet())
    assertEquals(emptyList<Long>(), ids("\"*)(")) // FTS syntax is never passed through
  }

  @Test
  fun search_foldsCaseAndAccentsBeyondAscii() = onLooper {
    val german = chatSaying("Über den Ärger im Café")
    val russian = chatSaying("Привет, мир")

    assertFoundBy(german, "über", "ÄRGER", "cafe", "Café")
    assertFoundBy(russian, "ПРИВЕТ", "мир")
  }

  @Test
  fun search_findsWordsInsideChineseAndJapaneseSentences() = onLooper {
    val chinese = chatSaying("我的猫很可爱")
    val japanese = chatSaying("東京で新しいカメラを買いました")

    assertFoundBy(chinese, "猫", "可爱")
    assertFoundBy(japanese, "カメラ", "東京 カメラ")
    assertEquals(emptyList<Long>(), ids("猫爱")) // both characters, but not next to each other
    assertEquals(emptyList<Long>(), ids("猫 カメラ"))
  }

  @Test
  fun search_findsChineseWordsNextToLatinWords() = onLooper {
    val id = chatSaying("Café里的猫Tom很可爱")

    assertFoundBy(id, "猫tom", "cafe 可爱", "to") // "to": a prefix, as for other words
  }

  @Test
  fun search_followsEditedText() = onLooper {
    val id = repository.createConversation("chat")
    val message = repository.addUserMessage(id, "apples")
    assertEquals(listOf(id), ids("apples"))
    repository.editMessageText(message, "pears")
    assertEquals(emptyList<Long>(), ids("apples"))
    assertEquals(listOf(id), ids("pears"))
  }

  @Test
  fun answerLifecycle_checkpointsOnlyWhileStreaming() = onLooper {
    val id = repository.createConversation("c")
    repository.addUserMessage(id, "hi")
    val answer = repository.startAnswer(id)
    assertEquals(MessageStatus.STREAMING, repository.message(answer)!!.status)

    repository.checkpoint(answer, "Hel", null)
    assertEquals("Hel", repository.message(answer)!!.text)

    repository.finishAnswer(
      answer,
      "Hello",
      null,
      MessageStatus.COMPLETE,
      "stop_token",
      modelId = "model-a",
    )
    assertEquals("model-a", repository.conversation(id)!!.modelId)
    repository.checkpoint(answer, "late checkpoint", null)
    val stored = repository.message(answer)!!
    assertEquals("Hello", stored.text)
    assertEquals(MessageStatus.COMPLETE, stored.status)
    assertEquals("stop_token", stored.finishReason)
  }

  @Test
  fun markInterrupted_turnsOnlyStreamingRowsInterrupted() = onLooper {
    val id = repository.createConversation("c")
    repository.addUserMessage(id, "hi")
    val done = repository.startAnswer(id)
    repository.finishAnswer(done, "done", null, MessageStatus.COMPLETE, "stop_token")
    val streaming = repository.startAnswer(id)
    repository.checkpoint(streaming, "half", null)

    assertEquals(1, repository.markInterrupted())

    assertEquals(MessageStatus.COMPLETE, repository.message(done)!!.status)
    val interrupted = repository.message(streaming)!!
    assertEquals(MessageStatus.INTERRUPTED, interrupted.status)
    assertEquals("half", interrupted.text)
  }

  @Test
  fun deleteConversation_removesMessagesAttachmentsAndPictureFiles() = onLooper {
    val files = AttachmentFiles(chats.picturesDir)
    val picture = files.save(ByteArray(64) { it.toByte() }.inputStream())
    assertTrue(File(picture.filePath).isFile)
    val kept = repository.createConversation("kept")
    repository.addUserMessage(kept, "stays")
    val id = repository.createConversation("with photo")
    val message = repository.addUserMessage(id, "look", listOf(picture))
    assertEquals(1, repository.message(message)!!.attachments.size)

    repository.deleteConversation(id)

    assertNull(repository.conversation(id))
    assertNull(repository.message(message))
    assertFalse(File(picture.filePath).exists())
    assertEquals(1, repository.messages(kept).size)
  }

  @Test
  fun deleteAfter_dropsLaterMessagesAndTheirPictures() = onLooper {
    val files = AttachmentFiles(chats.picturesDir)
    val id = repository.createConversation("c")
    val first = repository.addUserMessage(id, "one")
    val picture = files.save(ByteArray(8).inputStream())
    repository.addUserMessage(id, "two", listOf(picture))

    repository.deleteAfter(id, first)

    assertEquals(listOf("one"), repository.messages(id).map { it.text })
    assertFalse(File(picture.filePath).exists())
  }

  private suspend fun chatSaying(text: String): Long =
    repository.createConversation("chat").also { repository.addUserMessage(it, text) }

  private suspend fun assertFoundBy(id: Long, vararg queries: String) {
    for (query in queries) assertEquals(query, listOf(id), ids(query))
  }

  private suspend fun ids(query: String): List<Long> =
    repository.observeConversations(query).first().map { it.conversation.id }
}
