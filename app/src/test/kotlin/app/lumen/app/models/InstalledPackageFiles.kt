package app.lumen.app.models

import app.lumen.pkg.PackageFile
import app.lumen.pkg.PackageManifest
import java.io.File

/**
 * Writes package [id] into [root] the way the downloader leaves it: a decoder of [bytes] zero bytes
 * and the manifest last. The digest is not the file's: nothing here verifies it.
 */
fun writeInstalledPackage(
  root: File,
  id: String,
  family: String = "qwen3_vl",
  bytes: Int = 100,
): File {
  val dir = File(root, id).apply { mkdirs() }
  File(dir, "decoder.onnx").writeBytes(ByteArray(bytes))
  PackageManifest.builder(id, family)
    .displayName("Model $id")
    .graph(PackageManifest.ROLE_DECODER, "decoder.onnx")
    .file(PackageFile.withSha256("decoder.onnx", bytes.toLong(), "0".repeat(64)))
    .build()
    .writeTo(dir.toPath())
  return dir
}
