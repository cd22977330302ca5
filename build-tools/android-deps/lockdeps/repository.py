"""Verified downloads from a Maven repository, with retries and an on-disk cache of verified files.

Every file is checked against the checksum the repository publishes next to it before anyone reads
it: a lock that decides what goes into the APK must not trust a truncated or tampered POM.
A 404 is an answer ("not published here") and is returned as None; it is never written to the cache,
because a mirror that is briefly incomplete must not change the lock on later runs. Anything else that
is not a 200 (timeouts, resets, 5xx, 429) is retried a few times and then fails the run.
"""
import hashlib
import http.client
import os
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

# Strongest first among those Maven Central publishes for every file; .sha512 is rare there, so asking
# for .sha256 first saves a 404 per file. .sha1 only where neither exists (older uploads elsewhere).
CHECKSUMS = ("sha256", "sha512", "sha1")
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}
ATTEMPTS = 4
# 1 s, 2 s, 4 s between attempts rides out a mirror restart without making a real outage slow to report.
FIRST_BACKOFF_SECONDS = 1.0
# Metadata downloads are small and latency-bound: 8 kept-alive connections for files and 8 for their
# checksums make a cold run ~20 s instead of ~3 min; more would lean harder on Maven Central for little.
WORKERS = 8


class RepositoryError(Exception):
    """The repository could not give a verified answer; the message names the URL."""


class HttpTransport:
    """GET requests over kept-alive connections, one per thread, honouring the usual proxy variables."""

    def __init__(self, base_url, timeout=30):
        self.url = urllib.parse.urlsplit(base_url.rstrip("/"))
        self.timeout = timeout
        self.local = threading.local()
        self.opened = []  # every thread's connection, for close()

    def get(self, path):
        """Returns (status, body). Raises OSError or http.client.HTTPException on a broken exchange."""
        conn = self._connection()
        try:
            conn.request("GET", f"{self.url.path}/{path}", headers={"User-Agent": "lumen-lock.py"})
            response = conn.getresponse()
            return response.status, response.read()
        except BaseException:
            conn.close()
            self.local.conn = None
            raise

    def _connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            https = self.url.scheme == "https"
            cls = http.client.HTTPSConnection if https else http.client.HTTPConnection
            proxy = None if urllib.request.proxy_bypass(self.url.hostname) else \
                urllib.request.getproxies().get(self.url.scheme)
            if proxy:
                p = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
                conn = cls(p.hostname, p.port, timeout=self.timeout)
                conn.set_tunnel(self.url.hostname, self.url.port)
            else:
                conn = cls(self.url.hostname, self.url.port, timeout=self.timeout)
            self.local.conn = conn
            self.opened.append(conn)
        return conn

    def close(self):
        for conn in self.opened:
            conn.close()


class Repository:
    """Downloads and verifies repository files, several at a time; get() blocks for one file."""

    def __init__(self, base_url, cache_dir, transport=None, sleep=time.sleep, workers=WORKERS):
        self.base_url = base_url.rstrip("/")
        self.cache_dir = cache_dir
        self.transport = transport or HttpTransport(self.base_url)
        self.sleep = sleep
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lock-fetch")
        # Checksums download beside their file (one round trip instead of two). They get their own
        # threads because a file's job waits for its checksum: sharing the pool could deadlock it.
        self.checksum_pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lock-checksum")
        self.futures = {}
        self.lock = threading.Lock()

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.checksum_pool.shutdown(wait=True, cancel_futures=True)
        self.transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def url(self, path):
        return f"{self.base_url}/{path}"

    def is_cached(self, path):
        return os.path.exists(self._cache_path(path))

    def prefetch(self, path, cache=True):
        """Starts downloading a file if nobody has yet; returns its future (bytes, or None for a 404)."""
        with self.lock:
            future = self.futures.get(path)
            if future is None:
                future = self.pool.submit(self._load, path, cache)
                self.futures[path] = future
            return future

    def get(self, path, cache=True):
        """The verified content of a file, or None if the repository answers 404 for it.

        cache=False for files that change over time (maven-metadata.xml): those are fetched each run.
        """
        if not cache:
            return self._load(path, cache=False)
        return self.prefetch(path).result()

    def _load(self, path, cache):
        cached = self._cache_path(path)
        if cache and os.path.exists(cached):
            with open(cached, "rb") as f:
                return f.read()  # written only after its checksum matched
        first_checksum = self.checksum_pool.submit(self._download, f"{path}.{CHECKSUMS[0]}")
        data = self._download(path)
        if data is None:
            return None
        self._verify(path, data, first_checksum)
        if cache:
            _write_atomically(cached, data)
        return data

    def _cache_path(self, path):
        return os.path.join(self.cache_dir, path)

    def _download(self, path):
        """The body of a 200, None for a 404; retries transient failures, raises on anything else."""
        url = self.url(path)
        problem = None
        for attempt in range(ATTEMPTS):
            if attempt:
                self.sleep(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
            try:
                status, body = self.transport.get(path)
            except (OSError, http.client.HTTPException) as e:
                problem = f"{type(e).__name__}: {e}"
                continue
            if status == 200:
                return body
            if status == 404:
                return None
            if status not in TRANSIENT_STATUSES:
                raise RepositoryError(f"HTTP {status} for {url}")
            problem = f"HTTP {status}"
        raise RepositoryError(f"{url}: still failing after {ATTEMPTS} attempts ({problem})")

    def _verify(self, path, data, first_checksum):
        for algorithm in CHECKSUMS:
            published = first_checksum.result() if algorithm == CHECKSUMS[0] else self._download(f"{path}.{algorithm}")
            if published is None:
                continue
            expected = _checksum_value(published, algorithm, self.url(f"{path}.{algorithm}"))
            actual = hashlib.new(algorithm, data).hexdigest()
            if actual != expected:
                raise RepositoryError(
                    f"checksum mismatch for {self.url(path)}: {algorithm} is {actual}, "
                    f"the repository publishes {expected}")
            return
        raise RepositoryError(
            f"no published checksum for {self.url(path)} (tried {', '.join('.' + a for a in CHECKSUMS)})")


def _checksum_value(published, algorithm, url):
    """The hex digest in a checksum file: alone, or followed by a file name (`sha256sum` style)."""
    words = published.decode("ascii", errors="replace").split()
    value = words[0].lower() if words else ""
    if len(value) != hashlib.new(algorithm).digest_size * 2 or any(c not in "0123456789abcdef" for c in value):
        raise RepositoryError(f"unreadable checksum file {url}: {published[:80]!r}")
    return value


def _write_atomically(target, data):
    # A reader in another run must never see half a file: write beside it, then rename over it.
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
