package app.lumen.download;

/** What {@link FakeFileServer} does wrong for one request. */
enum Fault {
  NONE,
  /** Sends half of the requested bytes under a full Content-Length, then closes the socket. */
  CUT_MID_BODY,
  /** Closes the connection before sending any response. */
  DISCONNECT,
  /** Flips one byte in the middle of the body. */
  WRONG_BYTES,
  /** Announces and sends 7 bytes more than the file has. */
  LYING_LENGTH,
  /**
   * Answers a Range request with 206 from half the requested offset, Content-Range saying so: bytes
   * the client already has, not the ones it asked for. A request without Range is served normally.
   */
  WRONG_OFFSET,
  /** Answers a Range request with the right bytes but a Content-Range total 1000 bytes too big. */
  WRONG_TOTAL,
  /** 503 Service Unavailable. */
  STATUS_503,
  /** 429 Too Many Requests with Retry-After: 2. */
  STATUS_429,
  /** Answers 200 with the whole file, whatever the Range header says. */
  IGNORE_RANGE,
  /**
   * Sends half of the body, then holds the connection open without sending anything until the test
   * calls {@link FakeFileServer#releaseStalls()} (at the latest when it ends), then sends the rest.
   * {@link FakeFileServer#awaitStall()} returns once a response has reached the stall.
   */
  STALL,
  /** 404 Not Found. */
  STATUS_404
}
