package app.lumen.download;

/** What {@link FakeFileServer} does wrong for one request. */
enum Fault {
  NONE,
  /** Sends half of the requested bytes under a full Content-Length, then closes the socket. */
  CUT_MID_BODY,
  /** Flips one byte in the middle of the body. */
  WRONG_BYTES,
  /** Announces and sends 7 bytes more than the file has. */
  LYING_LENGTH,
  /** 503 Service Unavailable. */
  STATUS_503,
  /** 429 Too Many Requests with Retry-After: 2. */
  STATUS_429,
  /** Answers 200 with the whole file, whatever the Range header says. */
  IGNORE_RANGE,
  /** Sends half of the body, then stalls longer than the client's read timeout. */
  STALL,
  /** 404 Not Found. */
  STATUS_404
}
