package app.lumen.app.downloads

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/**
 * Serves byte arrays on the loopback interface with `Range` support and records the `Range` header
 * of every request. A file can be set to stall once: its first response sends [stallAfter] bytes
 * and then holds the connection until [close], so a test stops a download mid-file at a point it
 * chose, not at a moment in time.
 */
class LoopbackFileServer(private val files: Map<String, ByteArray>) : AutoCloseable {
  private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
  private val pool = Executors.newCachedThreadPool()
  private val released = CountDownLatch(1)
  private val ranges = mutableMapOf<String, MutableList<String?>>()
  private val stalls = mutableMapOf<String, Int>()

  init {
    server.executor = pool
    server.createContext("/") { exchange -> exchange.use(::serve) }
    server.start()
  }

  fun url(path: String) = "http://127.0.0.1:${server.address.port}$path"

  /** The first response for [path] sends [bytes] bytes, then waits for [close]. */
  fun stallOnce(path: String, bytes: Int) = synchronized(this) { stalls[path] = bytes }

  /** The `Range` header of each request for [path] (null for none), in order. */
  fun rangesFor(path: String): List<String?> =
    synchronized(this) { ranges[path].orEmpty().toList() }

  private fun serve(exchange: HttpExchange) {
    val path = exchange.requestURI.path
    val range = exchange.requestHeaders.getFirst("Range")
    val stall =
      synchronized(this) {
        ranges.getOrPut(path) { mutableListOf() } += range
        stalls.remove(path)
      }
    val content = files[path] ?: return exchange.sendResponseHeaders(404, -1)
    val start = range?.removePrefix("bytes=")?.removeSuffix("-")?.toInt() ?: 0
    if (range != null) {
      exchange.responseHeaders.add(
        "Content-Range",
        "bytes $start-${content.size - 1}/${content.size}",
      )
    }
    exchange.sendResponseHeaders(if (range != null) 206 else 200, (content.size - start).toLong())
    val body = exchange.responseBody
    if (stall != null) {
      body.write(content, start, stall)
      body.flush()
      released.await()
      return
    }
    body.write(content, start, content.size - start)
  }

  override fun close() {
    released.countDown()
    server.stop(0)
    pool.shutdownNow()
  }
}
