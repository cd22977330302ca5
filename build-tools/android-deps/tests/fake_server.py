"""A Maven repository on loopback whose answers a test scripts: files, checksums, errors, dropped sockets."""
import hashlib
import http.server
import threading
from collections import Counter

DROP = "drop"  # close the connection without answering


class FakeRepositoryServer:
    """Serves `files` under /maven2/; `script[path]` lists answers to give first (status, DROP or bytes)."""

    def __init__(self):
        self.files = {}
        self.script = {}
        self.requests = Counter()
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like Maven Central

            def do_GET(self):
                path = self.path.removeprefix("/maven2/")
                answer = server.answer(path)
                if answer == DROP:
                    self.close_connection = True
                    return
                status, body = (answer, b"") if isinstance(answer, int) else (200, answer)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/maven2"

    def answer(self, path):
        with self.lock:
            self.requests[path] += 1
            scripted = self.script.get(path)
            if scripted:
                return scripted.pop(0)
            return self.files.get(path, 404)

    def publish(self, path, data, checksums=("sha256", "sha1")):
        """Puts a file and the checksum files a repository publishes beside it."""
        self.files[path] = data
        for algorithm in checksums:
            self.files[f"{path}.{algorithm}"] = hashlib.new(algorithm, data).hexdigest().encode()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
