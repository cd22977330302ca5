package app.lumen.app.camera

import android.graphics.SurfaceTexture
import app.lumen.vision.RgbImage

/** One camera of the phone, as [CameraSource.cameras] lists it. */
data class CameraInfo(
  val id: String,
  val facing: LensFacing,
  /** Clockwise angle of the sensor against the phone's natural orientation: 0, 90, 180 or 270. */
  val sensorDegrees: Int,
  val hasFlash: Boolean,
  /** Whether the camera focuses on a chosen point (`CONTROL_MAX_REGIONS_AF > 0`). */
  val canFocusOnPoint: Boolean,
  val jpegSizes: List<PixelSize>,
  /** Sizes of `YUV_420_888` frames, for live questions. */
  val frameSizes: List<PixelSize>,
  /** Sizes a preview `SurfaceTexture` can take. */
  val previewSizes: List<PixelSize>,
)

/** What to stream while a camera is open; a null size leaves that output out. */
data class CameraOutputs(val preview: PixelSize?, val jpeg: PixelSize?, val frames: PixelSize?)

/** Why the camera cannot be used; the screen says it in the user's words. */
enum class CameraProblem {
  /** The phone has no camera (or none the app may use). */
  NO_CAMERA,
  /** Another app or the system holds the camera, or a policy turned it off. */
  UNAVAILABLE,
  /** The camera failed while opening, taking a picture or streaming. */
  FAILED,
  /** The picture was taken but could not be stored (storage full). */
  NOT_SAVED,
}

/** A camera that cannot be listed, opened or used; [problem] says why in the user's terms. */
class CameraException(val problem: CameraProblem, detail: String, cause: Throwable? = null) :
  Exception(detail, cause)

/**
 * The phone's cameras: the one place the app meets the camera hardware, so that everything above it
 * runs against a fake in tests. [Camera2Source] is the real one.
 *
 * One camera is open at a time; [open] again closes the one before. Threading: call from the main
 * thread; the suspending calls run the camera's callbacks on a thread of the source's own and
 * resume the caller when done. Errors: [CameraException] saying which [CameraProblem]; a camera
 * lost while open (another app took it, it failed) is reported to the [Listener].
 */
interface CameraSource {
  /** The cameras there are; empty when the phone has none. */
  @Throws(CameraException::class) fun cameras(): List<CameraInfo>

  /** Opens [camera] with [outputs]; returns once it streams. */
  @Throws(CameraException::class)
  suspend fun open(camera: CameraInfo, outputs: CameraOutputs, listener: Listener)

  /**
   * Where the preview goes (its buffer size set to the preview size); null while the viewfinder has
   * none. May come before or after [open].
   */
  fun setPreview(texture: SurfaceTexture?)

  /** The flash as a lamp, on cameras that have one. */
  fun setTorch(on: Boolean)

  /**
   * Focuses on a point of the sensor's picture ([x], [y] in 0..1, see
   * [CameraRotation.viewToSensor]), on cameras that can.
   */
  fun focusAt(x: Float, y: Float)

  /**
   * Takes a picture: JPEG bytes whose EXIF says to turn it by [rotationDegrees] to show upright.
   */
  @Throws(CameraException::class) suspend fun capture(rotationDegrees: Int): ByteArray

  /** The newest live frame, turned upright by [rotationDegrees]. */
  @Throws(CameraException::class) suspend fun frame(rotationDegrees: Int): RgbImage

  /** Closes the open camera, if any, and its thread. Safe to call more than once. */
  fun close()

  /** Hears of an open camera that stopped working. */
  fun interface Listener {
    fun onLost(problem: CameraProblem)
  }
}
