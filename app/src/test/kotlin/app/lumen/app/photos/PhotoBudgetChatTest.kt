package app.lumen.app.photos

import android.graphics.Bitmap
import android.graphics.Color
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.TestChats
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.app.images.PhotoInputs
import app.lumen.app.ui.chat.ChatUiState
import app.lumen.app.ui.chat.ChatViewModel
import app.lumen.app.ui.chat.SavedComposer
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeScript
import java.io.ByteArrayOutputStream
import kotlin.coroutines.EmptyCoroutineContext
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.GraphicsMode

/**
 * Photo budgets in the chat: the default a new photo takes, changing it, the memory guard when
 * picking and again at send, on the real runner, database and [PhotoInputs] with a fake engine.
 */
@RunWith(AndroidJUnit4::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class PhotoBudgetChatTest {
  /** The memory free for encoding; the test changes it between steps. */
  private var free: Long? = null
  private val memory = FreeMemory { free }
  private val chats = TestChats(images = PhotoInputs(memory))
  private val choice = InMemoryBudgetChoice()

  @After fun tearDown() = chats.close()

  private fun viewModel(state: androidx.lifecycle.SavedStateHandle = SavedComposer.stateFor(null)) =
    ChatViewModel(
      state,
      chats.repository,
      chats.runner,
      chats.host,
      chats.unsentPictures,
      photoCosts = PhotoCostPreview({ null }, memory, EmptyCoroutineContext),
      budgetChoice = choice,
    )

  private fun ChatViewModel.await(condition: (ChatUiState) -> Boolean): ChatUiState {
    chats.clock.runUntil { condition(uiState.value) }
    return uiState.value
  }

  /** A 1600 × 1200 picture, stored as the picker stores it. */
  private fun photo(): NewAttachment {
    val bitmap = Bitmap.createBitmap(1600, 1200, Bitmap.Config.ARGB_8888)
    bitmap.eraseColor(Color.rgb(30, 120, 200))
    val bytes = ByteArrayOutputStream().also { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    return AttachmentFiles(chats.picturesDir).save(bytes.toByteArray().inputStream())
  }

  private fun peak(budget: PhotoBudget): Long {
    val (w, h) = QwenSizes.resized(1600, 1200, budget.tokens)
    return QwenSizes.peakBytes(QwenSizes.patches(w, h))
  }

  private fun lastImage(): FakeImageInput =
    chats.engine.requests().last().messages().last().images().single() as FakeImageInput

  @Test
  fun aNewPhoto_takesTheDefault_andUseAsDefault_changesItForTheNext() {
    choice.photoBudget = PhotoBudget.DETAILED
    val vm = viewModel()
    val first = photo()
    vm.addPicture(first)
    assertEquals(
      PhotoBudget.DETAILED.tokens,
      vm.await { it.pendingPictures.size == 1 }.pendingPictures.single().tokenBudget,
    )
    assertEquals(PhotoBudget.DETAILED, vm.uiState.value.photoBudgets.default)

    vm.setPictureBudget(first, PhotoBudget.FAST)
    val chosen = vm.await { it.pendingPictures.single().tokenBudget == PhotoBudget.FAST.tokens }
    chats.clock.runUntil {
      vm.uiState.value.photoBudgets.previews[first.filePath]?.chosen == PhotoBudget.FAST
    }
    assertEquals(PhotoBudget.FAST.tokens, chosen.pendingPictures.single().tokenBudget)

    vm.useAsDefaultBudget(PhotoBudget.FAST)
    assertEquals(PhotoBudget.FAST, choice.photoBudget)
    vm.addPicture(photo())
    val both = vm.await { it.pendingPictures.size == 2 }
    assertEquals(PhotoBudget.FAST.tokens, both.pendingPictures[1].tokenBudget)
    assertEquals(
      PhotoBudget.FAST,
      vm.await { it.photoBudgets.default == PhotoBudget.FAST }.photoBudgets.default,
    )
  }

  @Test
  fun theChosenBudget_comesBackWithTheComposer() {
    val state = SavedComposer.stateFor(null)
    val vm = viewModel(state)
    val picture = photo()
    vm.addPicture(picture)
    vm.setPictureBudget(picture, PhotoBudget.DETAILED)

    val restored = viewModel(state)
    val back = restored.await { it.pendingPictures.isNotEmpty() }
    assertEquals(PhotoBudget.DETAILED.tokens, back.pendingPictures.single().tokenBudget)
  }

  @Test
  fun detailedWithoutTheMemory_isPreviewedReduced_andReachesTheEngineReduced() {
    chats.engine.enqueue(FakeScript.answer("A blue picture."))
    free = peak(PhotoBudget.DETAILED) - 1 // Balanced fits, Detailed does not
    val vm = viewModel()
    val picture = photo()
    vm.addPicture(picture)
    vm.setPictureBudget(picture, PhotoBudget.DETAILED)
    val preview =
      vm
        .await { it.photoBudgets.previews[picture.filePath]?.chosen == PhotoBudget.DETAILED }
        .photoBudgets
        .previews
        .getValue(picture.filePath)
    assertEquals(PhotoBudget.BALANCED, preview.effective)
    assertTrue(preview.reduced)

    vm.onDraftChange("What colour?")
    vm.await { it.canSend }
    vm.send()
    chats.awaitIdle()

    val (w, h) = QwenSizes.resized(1600, 1200, PhotoBudget.BALANCED.tokens)
    val image = lastImage()
    assertEquals(QwenSizes.tokens(w, h), image.plan().tokens())
    assertEquals(w, image.plan().resizedWidth())
    assertEquals(h, image.plan().resizedHeight())
    // Stored as chosen: with more memory another time, the photo is read in detail.
    val id = vm.uiState.value.conversationId!!
    val stored = chats.awaitMessages(id) { it.size == 2 }.first().attachments.single()
    assertEquals(PhotoBudget.DETAILED.tokens, stored.tokenBudget)
  }

  @Test
  fun lessMemoryAtSendThanAtPicking_isWeighedAgain_downToFast() {
    chats.engine.enqueue(FakeScript.answer("Blue."))
    free = null
    val vm = viewModel()
    val picture = photo()
    vm.addPicture(picture)
    vm.setPictureBudget(picture, PhotoBudget.DETAILED)
    vm.onDraftChange("Colour?")
    vm.await { it.canSend }
    free = peak(PhotoBudget.BALANCED) - 1 // another app took memory meanwhile
    vm.send()
    chats.awaitIdle()

    val (w, h) = QwenSizes.resized(1600, 1200, PhotoBudget.FAST.tokens)
    assertEquals(QwenSizes.tokens(w, h), lastImage().plan().tokens())
  }

  @Test
  fun whenNotEvenFastFits_thePreviewAndTheAnswerSaySo_withoutACrash() {
    free = peak(PhotoBudget.FAST) - 1
    val vm = viewModel()
    val picture = photo()
    vm.addPicture(picture)
    val preview =
      vm
        .await { it.photoBudgets.previews.containsKey(picture.filePath) }
        .photoBudgets
        .previews
        .getValue(picture.filePath)
    assertNull(preview.effective)
    assertTrue(preview.tooLittleMemory)

    vm.onDraftChange("And now?")
    vm.await { it.canSend }
    vm.send()
    chats.awaitIdle()
    val id = vm.uiState.value.conversationId!!
    val answer = chats.awaitMessages(id) { it.size == 2 && it[1].status == MessageStatus.FAILED }[1]
    assertTrue(answer.error!!, answer.error!!.contains("Not enough free memory to read this photo"))
    assertTrue(chats.engine.requests().isEmpty())
  }
}
