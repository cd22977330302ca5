package app.lumen.app.chat

import app.lumen.app.data.Attachment
import app.lumen.app.data.Author
import app.lumen.app.data.Conversation
import app.lumen.app.data.GenerationSettings
import app.lumen.app.data.Message
import app.lumen.app.data.MessageStatus
import app.lumen.inference.ChatMessage
import app.lumen.inference.LoadedModel
import app.lumen.inference.ModelInfo
import app.lumen.inference.Role
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.vision.RgbImage
import java.nio.file.Path
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

/** The request for the next answer, built from stored messages without a database or engine run. */
class ChatRequestsTest {
  private val engine = FakeInferenceEngine()

  @After fun close() = engine.close()

  private fun model(id: String): LoadedModel =
    engine.setModelInfo(ModelInfo(id, "qwen3_vl", id, 4096, true)).load(Path.of(id))

  private fun conversation(
    systemPrompt: String? = null,
    settings: GenerationSettings = GenerationSettings(),
  ) = Conversation(1, "Chat", 0, 0, null, systemPrompt, settings)

  private fun message(
    id: Long,
    author: Author,
    text: String,
    attachments: List<Attachment> = emptyList(),
  ) = Message(id, 1, author, text, null, MessageStatus.COMPLETE, null, null, 0, null, attachments)

  @Test
  fun history_becomesTheConversation_withTheSystemPromptAndSettings() {
    val request =
      ChatRequests()
        .build(
          conversation(
            "Be brief.",
            GenerationSettings(maxNewTokens = 77, think = true, temperature = 0.3f),
          ),
          listOf(
            message(1, Author.USER, "Hi"),
            message(2, Author.ASSISTANT, "Hello."),
            message(3, Author.USER, "Bye"),
          ),
          resume = null,
          model("m"),
        )
    assertEquals(
      listOf(
        ChatMessage.system("Be brief."),
        ChatMessage.user("Hi"),
        ChatMessage.assistant("Hello."),
        ChatMessage.user("Bye"),
      ),
      request.messages(),
    )
    assertEquals(77, request.maxNewTokens())
    assertEquals(true, request.think())
    assertEquals(0.3f, request.sampling().temperature(), 0f)
  }

  @Test
  fun emptyAnswers_areLeftOutOfTheConversation() {
    val request =
      ChatRequests()
        .build(
          conversation(),
          listOf(
            message(1, Author.USER, "One"),
            message(2, Author.ASSISTANT, " "),
            message(3, Author.USER, "Two"),
          ),
          resume = null,
          model("m"),
        )
    assertEquals(listOf(ChatMessage.user("One"), ChatMessage.user("Two")), request.messages())
  }

  @Test
  fun resume_endsAtTheAnswer_andAsksTheModelToGoOn() {
    val partial = message(2, Author.ASSISTANT, "Once upon")
    val request =
      ChatRequests()
        .build(
          conversation(),
          listOf(message(1, Author.USER, "A story"), partial, message(3, Author.USER, "later")),
          resume = partial,
          model("m"),
        )
    val messages = request.messages()
    assertEquals(ChatMessage.assistant("Once upon"), messages[1])
    assertEquals(Role.USER, messages.last().role())
    assertEquals(ChatRequests.CONTINUE_INSTRUCTION, messages.last().text())
    assertEquals(3, messages.size)
  }

  @Test
  fun photos_arePreparedByTheModelGiven() {
    val pixels = RgbImage(64, 48, ByteArray(64 * 48 * 3))
    val images = ImageInputs { model, _ ->
      model.vision().image(pixels, null as app.lumen.vision.TokenBudget?)
    }
    val photo = Attachment(1, "photo.jpg", null, 64, 48, 0)
    val history = listOf(message(1, Author.USER, "What is it?", listOf(photo)))

    val fromB = ChatRequests(images).build(conversation(), history, null, model("model-b"))

    val image = fromB.messages().single().images().single() as FakeImageInput
    assertEquals("model-b", image.modelId())
  }

  @Test
  fun photo_withoutAVisionPath_refusesTheRequestWithThePlainMessage() {
    val photo = Attachment(1, "photo.jpg", null, 64, 48, 0)
    val e =
      assertThrows(UnsupportedImagesException::class.java) {
        ChatRequests()
          .build(
            conversation(),
            listOf(message(1, Author.USER, "?", listOf(photo))),
            null,
            model("m"),
          )
      }
    assertEquals(ImageInputs.UNAVAILABLE_MESSAGE, e.message)
  }
}
