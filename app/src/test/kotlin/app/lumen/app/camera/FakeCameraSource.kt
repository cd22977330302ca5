package app.lumen.app.camera

import android.graphics.SurfaceTexture
import app.lumen.vision.RgbImage

/**
 * A [CameraSource] for tests: lists [cameras], opens at once (or fails with [failOpen]), records
 * torch, focus, captures and closes, and hands out the pictures the test gives it: [jpeg] for every
 * capture, and [frames] one per live frame (each turned by the rotation asked for, as a phone's
 * frames would be).
 */
class FakeCameraSource(
  var cameras: List<CameraInfo> = listOf(BACK, FRONT),
  var jpeg: ByteArray = ByteArray(0),
  /** Live frames in the order they are taken; each makes an upright picture for a rotation. */
  val frames: ArrayDeque<(Int) -> RgbImage> = ArrayDeque(),
) : CameraSource {
  var failOpen: CameraProblem? = null
  var open: CameraInfo? = null
    private set

  var outputs: CameraOutputs? = null
    private set

  var opens = 0
    private set

  var closes = 0
    private set

  var torch = false
    private set

  val focusPoints = mutableListOf<Pair<Float, Float>>()
  val captureRotations = mutableListOf<Int>()
  val frameRotations = mutableListOf<Int>()
  private var listener: CameraSource.Listener? = null

  override fun cameras(): List<CameraInfo> = cameras

  override suspend fun open(
    camera: CameraInfo,
    outputs: CameraOutputs,
    listener: CameraSource.Listener,
  ) {
    opens++
    failOpen?.let { throw CameraException(it, "fake camera refuses to open") }
    open = camera
    this.outputs = outputs
    this.listener = listener
  }

  override fun setPreview(texture: SurfaceTexture?) = Unit

  override fun setTorch(on: Boolean) {
    check(open != null) { "torch set on a closed camera" }
    torch = on
  }

  override fun focusAt(x: Float, y: Float) {
    focusPoints += Pair(x, y)
  }

  override suspend fun capture(rotationDegrees: Int): ByteArray {
    if (open == null) throw CameraException(CameraProblem.FAILED, "closed")
    captureRotations += rotationDegrees
    return jpeg
  }

  override suspend fun frame(rotationDegrees: Int): RgbImage {
    if (open == null) throw CameraException(CameraProblem.FAILED, "closed")
    frameRotations += rotationDegrees
    val next = frames.removeFirstOrNull() ?: throw CameraException(CameraProblem.FAILED, "no frame")
    return next(rotationDegrees)
  }

  override fun close() {
    if (open != null) closes++
    open = null
    torch = false
    listener = null
  }

  /** The open camera stops working, as when another app takes it. */
  fun lose(problem: CameraProblem) = checkNotNull(listener) { "no camera open" }.onLost(problem)

  companion object {
    val BACK =
      CameraInfo(
        id = "0",
        facing = LensFacing.BACK,
        sensorDegrees = 90,
        hasFlash = true,
        canFocusOnPoint = true,
        jpegSizes = listOf(PixelSize(4000, 3000), PixelSize(1600, 1200), PixelSize(640, 480)),
        frameSizes = listOf(PixelSize(1920, 1440), PixelSize(1280, 960), PixelSize(640, 480)),
        previewSizes = listOf(PixelSize(1920, 1440), PixelSize(1440, 1080)),
      )
    val FRONT =
      CameraInfo(
        id = "1",
        facing = LensFacing.FRONT,
        sensorDegrees = 270,
        hasFlash = false,
        canFocusOnPoint = false,
        jpegSizes = listOf(PixelSize(3264, 2448), PixelSize(1280, 960)),
        frameSizes = listOf(PixelSize(1280, 960), PixelSize(640, 480)),
        previewSizes = listOf(PixelSize(1280, 960)),
      )

    /** What [BACK] shows while previewing, with [FRONT] to switch to. */
    val BACK_PREVIEWING =
      CameraState.Previewing(
        LensFacing.BACK,
        torchOn = false,
        canTorch = true,
        canFocus = true,
        canSwitch = true,
      )
  }
}
