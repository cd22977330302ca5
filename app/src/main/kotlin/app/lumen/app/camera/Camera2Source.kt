package app.lumen.app.camera

import android.content.Context
import android.graphics.ImageFormat
import android.graphics.Rect
import android.graphics.SurfaceTexture
import android.hardware.camera2.CameraAccessException
import android.hardware.camera2.CameraCaptureSession
import android.hardware.camera2.CameraCharacteristics
import android.hardware.camera2.CameraDevice
import android.hardware.camera2.CameraManager
import android.hardware.camera2.CameraMetadata
import android.hardware.camera2.CaptureFailure
import android.hardware.camera2.CaptureRequest
import android.hardware.camera2.params.MeteringRectangle
import android.hardware.camera2.params.OutputConfiguration
import android.hardware.camera2.params.SessionConfiguration
import android.media.Image
import android.media.ImageReader
import android.os.Handler
import android.os.HandlerThread
import android.view.Surface
import app.lumen.app.images.CameraFrames
import app.lumen.vision.RgbImage
import java.util.concurrent.Executor
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext

/**
 * [CameraSource] on Android's camera2 API. Each open camera gets its own [HandlerThread]: every
 * camera callback, image listener and session change runs there, and [close] quits it. The calls
 * from the main thread only post to it (or, for [close], close the device, which camera2 allows
 * from any thread).
 *
 * Outputs: the preview `SurfaceTexture` (when the viewfinder has one), a JPEG [ImageReader] for
 * pictures and a `YUV_420_888` [ImageReader] for live frames, whichever [CameraOutputs] asks for. A
 * preview that arrives after [open] re-creates the session with it.
 */
class Camera2Source(context: Context) : CameraSource {
  /** Null only on builds of Android without a camera service: then there is no camera. */
  private val cameraService: CameraManager? = context.getSystemService(CameraManager::class.java)

  private val manager: CameraManager
    get() = cameraService ?: throw CameraException(CameraProblem.NO_CAMERA, "no camera service")

  private var thread: HandlerThread? = null
  @Volatile private var handler: Handler? = null
  @Volatile private var camera: CameraInfo? = null
  private var outputs: CameraOutputs? = null
  @Volatile private var device: CameraDevice? = null
  @Volatile private var session: CameraCaptureSession? = null
  private var jpegReader: ImageReader? = null
  private var frameReader: ImageReader? = null
  private var previewTexture: SurfaceTexture? = null
  private var previewSurface: Surface? = null
  private var torchOn = false
  private var focusRegion: MeteringRectangle? = null
  private var listener: CameraSource.Listener? = null

  /** The newest live frame, kept until a newer one comes; guarded by [frameLock]. */
  private var latestFrame: Image? = null
  private val frameLock = Any()

  override fun cameras(): List<CameraInfo> =
    try {
      manager.cameraIdList.mapNotNull { id -> describe(id, manager.getCameraCharacteristics(id)) }
    } catch (e: CameraAccessException) {
      throw CameraException(CameraProblem.UNAVAILABLE, "camera list: ${e.message}", e)
    }

  private fun describe(id: String, c: CameraCharacteristics): CameraInfo? {
    val facing =
      when (c.get(CameraCharacteristics.LENS_FACING)) {
        CameraMetadata.LENS_FACING_BACK -> LensFacing.BACK
        CameraMetadata.LENS_FACING_FRONT -> LensFacing.FRONT
        else -> return null // external cameras: their orientation is not known
      }
    val map = c.get(CameraCharacteristics.SCALER_STREAM_CONFIGURATION_MAP) ?: return null
    fun sizes(list: Array<android.util.Size>?) =
      list.orEmpty().map { PixelSize(it.width, it.height) }
    return CameraInfo(
      id = id,
      facing = facing,
      sensorDegrees = c.get(CameraCharacteristics.SENSOR_ORIENTATION) ?: 0,
      hasFlash = c.get(CameraCharacteristics.FLASH_INFO_AVAILABLE) == true,
      canFocusOnPoint = (c.get(CameraCharacteristics.CONTROL_MAX_REGIONS_AF) ?: 0) > 0,
      jpegSizes = sizes(map.getOutputSizes(ImageFormat.JPEG)),
      frameSizes = sizes(map.getOutputSizes(ImageFormat.YUV_420_888)),
      previewSizes = sizes(map.getOutputSizes(SurfaceTexture::class.java)),
    )
  }

  override suspend fun open(
    camera: CameraInfo,
    outputs: CameraOutputs,
    listener: CameraSource.Listener,
  ) {
    close()
    val thread = HandlerThread("camera").apply { start() }
    val handler = Handler(thread.looper)
    this.thread = thread
    this.handler = handler
    this.camera = camera
    this.outputs = outputs
    this.listener = listener
    outputs.jpeg?.let {
      jpegReader = ImageReader.newInstance(it.width, it.height, ImageFormat.JPEG, 2)
    }
    outputs.frames?.let { size ->
      frameReader =
        ImageReader.newInstance(size.width, size.height, ImageFormat.YUV_420_888, FRAME_BUFFERS)
          .apply { setOnImageAvailableListener({ reader -> keepLatest(reader) }, handler) }
    }
    suspendCancellableCoroutine { continuation ->
      continuation.invokeOnCancellation { close() }
      val callback =
        object : CameraDevice.StateCallback() {
          override fun onOpened(opened: CameraDevice) {
            if (!continuation.isActive) {
              // The screen left while the camera was opening: it is not wanted any more.
              opened.close()
              return
            }
            device = opened
            startSession {
              if (it == null) continuation.resume(Unit)
              else if (continuation.isActive) continuation.resumeWithException(it)
            }
          }

          override fun onDisconnected(lost: CameraDevice) {
            lost.close()
            if (continuation.isActive) {
              continuation.resumeWithException(
                CameraException(CameraProblem.UNAVAILABLE, "camera ${camera.id} disconnected")
              )
            } else listener.onLost(CameraProblem.UNAVAILABLE)
          }

          override fun onError(failed: CameraDevice, error: Int) {
            failed.close()
            val problem =
              if (
                error == ERROR_CAMERA_IN_USE ||
                  error == ERROR_MAX_CAMERAS_IN_USE ||
                  error == ERROR_CAMERA_DISABLED
              )
                CameraProblem.UNAVAILABLE
              else CameraProblem.FAILED
            if (continuation.isActive) {
              continuation.resumeWithException(
                CameraException(problem, "camera ${camera.id} error $error")
              )
            } else listener.onLost(problem)
          }
        }
      try {
        manager.openCamera(camera.id, callback, handler)
      } catch (e: CameraAccessException) {
        continuation.resumeWithException(
          CameraException(CameraProblem.UNAVAILABLE, "open camera ${camera.id}: ${e.message}", e)
        )
      } catch (e: SecurityException) {
        continuation.resumeWithException(
          CameraException(CameraProblem.UNAVAILABLE, "no camera permission", e)
        )
      }
    }
  }

  /** Keeps only the newest frame: a reader has few buffers, and a held one stops the stream. */
  private fun keepLatest(reader: ImageReader) {
    val image = reader.acquireLatestImage() ?: return
    synchronized(frameLock) {
      latestFrame?.close()
      latestFrame = image
    }
  }

  override fun setPreview(texture: SurfaceTexture?) {
    val handler = handler
    if (handler == null) {
      previewTexture = texture
      return
    }
    handler.post {
      previewTexture = texture
      if (device != null) startSession { error -> error?.let { listener?.onLost(it.problem) } }
    }
  }

  /** (Re)creates the capture session on the camera thread; [done] gets null or the failure. */
  private fun startSession(done: (CameraException?) -> Unit) {
    val device = device ?: return
    val handler = handler ?: return
    session?.close()
    session = null
    previewSurface?.release()
    previewSurface = null
    previewTexture?.let { texture ->
      outputs?.preview?.let { texture.setDefaultBufferSize(it.width, it.height) }
      previewSurface = Surface(texture)
    }
    val surfaces = listOfNotNull(previewSurface, jpegReader?.surface, frameReader?.surface)
    val executor = Executor { handler.post(it) }
    val configuration =
      SessionConfiguration(
        SessionConfiguration.SESSION_REGULAR,
        surfaces.map { OutputConfiguration(it) },
        executor,
        object : CameraCaptureSession.StateCallback() {
          override fun onConfigured(configured: CameraCaptureSession) {
            session = configured
            try {
              repeat(configured)
              done(null)
            } catch (e: CameraAccessException) {
              done(CameraException(CameraProblem.FAILED, "preview: ${e.message}", e))
            } catch (e: IllegalStateException) {
              done(CameraException(CameraProblem.FAILED, "preview: ${e.message}", e))
            }
          }

          override fun onConfigureFailed(failed: CameraCaptureSession) {
            done(CameraException(CameraProblem.FAILED, "the camera refused its outputs"))
          }
        },
      )
    try {
      device.createCaptureSession(configuration)
    } catch (e: CameraAccessException) {
      done(CameraException(CameraProblem.FAILED, "session: ${e.message}", e))
    }
  }

  /** The preview request: continuous focus (or the chosen point), torch as set. */
  private fun repeat(session: CameraCaptureSession) {
    val device = device ?: return
    val targets = listOfNotNull(previewSurface, frameReader?.surface)
    if (targets.isEmpty()) return
    val request = device.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW)
    targets.forEach(request::addTarget)
    applyControls(request)
    session.setRepeatingRequest(request.build(), null, handler)
  }

  private fun applyControls(request: CaptureRequest.Builder) {
    val region = focusRegion
    if (region == null) {
      request.set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_CONTINUOUS_PICTURE)
    } else {
      request.set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_AUTO)
      request.set(CaptureRequest.CONTROL_AF_REGIONS, arrayOf(region))
    }
    request.set(
      CaptureRequest.FLASH_MODE,
      if (torchOn) CaptureRequest.FLASH_MODE_TORCH else CaptureRequest.FLASH_MODE_OFF,
    )
  }

  override fun setTorch(on: Boolean) {
    handler?.post {
      torchOn = on && camera?.hasFlash == true
      session?.let { runCatching { repeat(it) } }
    }
  }

  override fun focusAt(x: Float, y: Float) {
    handler?.post {
      val open = camera ?: return@post
      val session = session ?: return@post
      val device = device ?: return@post
      if (!open.canFocusOnPoint) return@post
      val area =
        manager
          .getCameraCharacteristics(open.id)
          .get(CameraCharacteristics.SENSOR_INFO_ACTIVE_ARRAY_SIZE) ?: return@post
      val half = (minOf(area.width(), area.height()) * FOCUS_AREA / 2).toInt()
      val cx = area.left + (x.coerceIn(0f, 1f) * area.width()).toInt()
      val cy = area.top + (y.coerceIn(0f, 1f) * area.height()).toInt()
      val rect =
        Rect(
          maxOf(area.left, cx - half),
          maxOf(area.top, cy - half),
          minOf(area.right, cx + half),
          minOf(area.bottom, cy + half),
        )
      focusRegion = MeteringRectangle(rect, MeteringRectangle.METERING_WEIGHT_MAX)
      runCatching {
        val trigger = device.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW)
        listOfNotNull(previewSurface, frameReader?.surface).forEach(trigger::addTarget)
        applyControls(trigger)
        trigger.set(CaptureRequest.CONTROL_AF_TRIGGER, CaptureRequest.CONTROL_AF_TRIGGER_START)
        session.capture(trigger.build(), null, handler)
        repeat(session)
      }
    }
  }

  override suspend fun capture(rotationDegrees: Int): ByteArray {
    val handler = handler ?: throw CameraException(CameraProblem.FAILED, "camera closed")
    return suspendCancellableCoroutine { continuation ->
      handler.post {
        val reader = jpegReader
        val session = session
        val device = device
        if (reader == null || session == null || device == null) {
          continuation.resumeWithException(CameraException(CameraProblem.FAILED, "not streaming"))
          return@post
        }
        reader.setOnImageAvailableListener(
          { r ->
            r.setOnImageAvailableListener(null, null)
            r.acquireNextImage()?.use { image ->
              val buffer = image.planes[0].buffer
              val bytes = ByteArray(buffer.remaining())
              buffer.get(bytes)
              continuation.resume(bytes)
            }
          },
          handler,
        )
        try {
          val request = device.createCaptureRequest(CameraDevice.TEMPLATE_STILL_CAPTURE)
          request.addTarget(reader.surface)
          applyControls(request)
          request.set(CaptureRequest.JPEG_ORIENTATION, rotationDegrees)
          val failed =
            object : CameraCaptureSession.CaptureCallback() {
              override fun onCaptureFailed(
                session: CameraCaptureSession,
                request: CaptureRequest,
                failure: CaptureFailure,
              ) {
                reader.setOnImageAvailableListener(null, null)
                if (continuation.isActive) {
                  continuation.resumeWithException(
                    CameraException(CameraProblem.FAILED, "capture failed: ${failure.reason}")
                  )
                }
              }
            }
          session.capture(request.build(), failed, handler)
        } catch (e: CameraAccessException) {
          reader.setOnImageAvailableListener(null, null)
          continuation.resumeWithException(CameraException(CameraProblem.FAILED, "capture", e))
        }
      }
    }
  }

  override suspend fun frame(rotationDegrees: Int): RgbImage =
    // Converting a frame takes tens of milliseconds: not on the caller's (main) thread. The lock
    // keeps the camera thread from closing the frame meanwhile.
    withContext(Dispatchers.Default) {
      synchronized(frameLock) {
        val image = latestFrame ?: throw CameraException(CameraProblem.FAILED, "no live frame yet")
        CameraFrames.toRgb(image, rotationDegrees)
      }
    }

  override fun close() {
    synchronized(frameLock) {
      latestFrame?.close()
      latestFrame = null
    }
    runCatching { session?.close() }
    device?.close()
    jpegReader?.close()
    frameReader?.close()
    previewSurface?.release()
    session = null
    device = null
    jpegReader = null
    frameReader = null
    previewSurface = null
    camera = null
    listener = null
    torchOn = false
    focusRegion = null
    thread?.quitSafely()
    thread = null
    handler = null
  }

  private companion object {
    /** Live frames in flight: one kept, one being written, one spare. */
    const val FRAME_BUFFERS = 3
    /** The focus area's side, as a share of the sensor's shorter side. */
    const val FOCUS_AREA = 0.1f
  }
}
