package app.lumen.app.camera

import android.graphics.SurfaceTexture
import app.lumen.app.data.NewAttachment
import app.lumen.vision.TokenBudget
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** What the camera screen shows; one at a time. */
sealed interface CameraState {
  /** Waiting for the user's answer to the system's permission prompt. */
  data object NeedsPermission : CameraState

  /** The user said no; [permanently] when Android will not ask again (only Settings can allow). */
  data class PermissionDenied(val permanently: Boolean) : CameraState

  data object Opening : CameraState

  data class Previewing(
    val facing: LensFacing,
    val torchOn: Boolean,
    /** The camera has a flash to use as a torch. */
    val canTorch: Boolean,
    /** Tapping the viewfinder focuses there. */
    val canFocus: Boolean,
    /** The phone has a camera facing the other way. */
    val canSwitch: Boolean,
    /**
     * Width ÷ height of the preview as the screen shows it (the sensor's picture turned for the
     * display): the viewfinder takes this shape, so the preview is not stretched.
     */
    val aspect: Float = 3f / 4f,
  ) : CameraState

  /** A picture or frame is being taken and stored. */
  data object Capturing : CameraState

  data class Failed(val problem: CameraProblem) : CameraState

  /** Closed while the screen is away (paused); it opens again on resume. */
  data object Closed : CameraState
}

/** What the camera is opened for: still pictures (JPEG) or live frames (`YUV_420_888`). */
enum class CameraUse {
  PHOTO,
  LIVE,
}

/**
 * The camera's state machine, on the [CameraSource] seam: opens the camera once the user has
 * allowed it and the screen is in front, closes it when the screen goes away, switches between back
 * and front, works the torch and focus, and turns a capture or a live frame into a stored picture
 * ([CameraPictures]).
 *
 * Threading: call from the main thread; [scope] runs the opening (its dispatcher is the caller's:
 * tests pass a test dispatcher). Errors become [CameraState.Failed]; nothing throws to the caller.
 */
class CameraController(
  private val source: CameraSource,
  private val pictures: CameraPictures,
  private val scope: CoroutineScope,
  private val use: CameraUse,
  /** The display's `Surface.ROTATION_*` now: the phone may have turned since the camera opened. */
  private val displayRotation: () -> Int,
  /**
   * The detail a picture is taken at. HIGH (about 1 MP): a picture cannot be taken again later, and
   * the budget a message asks for is at most this on phones.
   */
  private val budget: TokenBudget = TokenBudget.HIGH,
) {
  private val mutableState = MutableStateFlow<CameraState>(CameraState.NeedsPermission)
  val state: StateFlow<CameraState> = mutableState.asStateFlow()

  private var permitted = false
  private var resumed = false
  private var facing = LensFacing.BACK
  private var torchOn = false
  private var camera: CameraInfo? = null
  private var opening: Job? = null

  /** The permission prompt's answer; [canAskAgain] is false when Android will not show it again. */
  fun onPermission(granted: Boolean, canAskAgain: Boolean = true) {
    permitted = granted
    if (granted) openIfReady()
    else mutableState.value = CameraState.PermissionDenied(permanently = !canAskAgain)
  }

  /** The screen is in front: the camera opens (again) when allowed. */
  fun onResume() {
    resumed = true
    openIfReady()
  }

  /** The screen went away: the camera is for other apps meanwhile. */
  fun onPause() {
    resumed = false
    if (permitted) {
      shut()
      mutableState.value = CameraState.Closed
    }
  }

  /** Opens the camera again after a failure. */
  fun retry() {
    shut()
    openIfReady()
  }

  /** Turns to the camera facing the other way, without the torch. */
  fun switchCamera() {
    val current = mutableState.value as? CameraState.Previewing ?: return
    if (!current.canSwitch) return
    facing = if (facing == LensFacing.BACK) LensFacing.FRONT else LensFacing.BACK
    torchOn = false
    shut()
    openIfReady()
  }

  fun toggleTorch() {
    val current = mutableState.value as? CameraState.Previewing ?: return
    if (!current.canTorch) return
    torchOn = !torchOn
    source.setTorch(torchOn)
    mutableState.value = current.copy(torchOn = torchOn)
  }

  /** Focuses on the point tapped on the upright viewfinder ([x], [y] in 0..1). */
  fun focusAt(x: Float, y: Float) {
    val current = mutableState.value as? CameraState.Previewing ?: return
    val open = camera ?: return
    if (!current.canFocus) return
    val (sensorX, sensorY) = CameraRotation.viewToSensor(x, y, rotation(open), open.facing)
    source.focusAt(sensorX, sensorY)
  }

  fun setPreview(texture: SurfaceTexture?) = source.setPreview(texture)

  /**
   * Takes a picture and stores it as the camera wrote it (JPEG, its EXIF saying how to turn it).
   */
  suspend fun capture(): NewAttachment? = take { open ->
    pictures.saveJpeg(source.capture(rotation(open)))
  }

  /**
   * Takes the newest live frame, upright, and stores it losslessly: the picture the model sees is
   * the frame itself.
   */
  suspend fun captureFrame(): NewAttachment? = take { open ->
    pictures.savePng(source.frame(rotation(open)))
  }

  /** Closes the camera for good (the screen is gone). */
  fun close() {
    resumed = false
    shut()
    mutableState.value = CameraState.Closed
  }

  private suspend fun take(block: suspend (CameraInfo) -> NewAttachment): NewAttachment? {
    val previewing = mutableState.value as? CameraState.Previewing ?: return null
    val open = camera ?: return null
    mutableState.value = CameraState.Capturing
    return try {
      block(open).also {
        if (mutableState.value == CameraState.Capturing) mutableState.value = previewing
      }
    } catch (e: CameraException) {
      mutableState.value = CameraState.Failed(e.problem)
      null
    } catch (e: java.io.IOException) {
      mutableState.value = CameraState.Failed(CameraProblem.NOT_SAVED)
      null
    }
  }

  /** A quarter turn for the display swaps the preview's sides. */
  private fun shownAspect(preview: PixelSize, rotationDegrees: Int): Float =
    if (rotationDegrees % 180 == 0) preview.width.toFloat() / preview.height
    else preview.height.toFloat() / preview.width

  private fun rotation(open: CameraInfo) =
    CameraRotation.degrees(open.sensorDegrees, displayRotation(), open.facing)

  private fun openIfReady() {
    if (!permitted || !resumed || opening != null) return
    mutableState.value = CameraState.Opening
    opening =
      scope.launch {
        try {
          val cameras = source.cameras()
          val chosen =
            cameras.firstOrNull { it.facing == facing }
              ?: cameras.firstOrNull()
              ?: throw CameraException(CameraProblem.NO_CAMERA, "no camera")
          facing = chosen.facing
          val outputs = outputs(chosen)
          source.open(chosen, outputs) { problem ->
            // Called on the camera's thread: the state changes on the controller's.
            scope.launch {
              shut()
              mutableState.value = CameraState.Failed(problem)
            }
          }
          camera = chosen
          if (torchOn && chosen.hasFlash) source.setTorch(true) else torchOn = false
          mutableState.value =
            CameraState.Previewing(
              facing = chosen.facing,
              torchOn = torchOn,
              canTorch = chosen.hasFlash,
              canFocus = chosen.canFocusOnPoint,
              canSwitch = cameras.any { it.facing != chosen.facing },
              aspect = outputs.preview?.let { shownAspect(it, rotation(chosen)) } ?: 3f / 4f,
            )
        } catch (e: CameraException) {
          source.close()
          mutableState.value = CameraState.Failed(e.problem)
        }
      }
  }

  private fun outputs(camera: CameraInfo): CameraOutputs {
    fun List<PixelSize>.forBudget() =
      takeIf { it.isNotEmpty() }?.let { CaptureSize.forBudget(it, budget) }
    return CameraOutputs(
      preview =
        camera.previewSizes
          .takeIf { it.isNotEmpty() }
          ?.let { CaptureSize.covering(it, PREVIEW_PIXELS) },
      jpeg = if (use == CameraUse.PHOTO) camera.jpegSizes.forBudget() else null,
      frames = if (use == CameraUse.LIVE) camera.frameSizes.forBudget() else null,
    )
  }

  private fun shut() {
    opening?.cancel()
    opening = null
    camera = null
    source.close()
  }

  private companion object {
    /** A viewfinder needs about a phone screen's pixels (720p); more only costs power. */
    const val PREVIEW_PIXELS = 1280L * 720
  }
}
