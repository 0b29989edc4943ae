"""Local upstream servers for the fetch() integration tests (127.0.0.1 only).

UpstreamServer is an HTTP/1.1 keep-alive server (http.server, one thread per
connection) with endpoints for every behaviour the tests check; it counts
connections and sees when the client closes one. make_pki() builds a CA and
server certificates with the openssl CLI in a temp dir; HttpsUpstream serves
the same endpoints over TLS. StallServer accepts TCP and never speaks (a TLS
handshake that never finishes); Blackhole is a listener whose accept queue is
full, so a connect to it stays pending.
"""

import ctypes
import gzip
import hashlib
import http.server
import json
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
import zlib


# --- brotli through libbrotlienc (no Python module needed) ---------------------

_brotli = None


def brotli_compress(data: bytes) -> bytes:
    global _brotli
    if _brotli is None:
        _brotli = ctypes.CDLL("libbrotlienc.so.1")
        _brotli.BrotliEncoderMaxCompressedSize.restype = ctypes.c_size_t
        _brotli.BrotliEncoderMaxCompressedSize.argtypes = [ctypes.c_size_t]
        _brotli.BrotliEncoderCompress.restype = ctypes.c_int
        _brotli.BrotliEncoderCompress.argtypes = [
            ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_size_t, ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_size_t), ctypes.c_char_p]
    size = ctypes.c_size_t(_brotli.BrotliEncoderMaxCompressedSize(len(data)) or len(data) + 1024)
    out = ctypes.create_string_buffer(size.value)
    if not _brotli.BrotliEncoderCompress(5, 22, 0, len(data), data, ctypes.byref(size), out):
        raise RuntimeError("brotli compression failed")
    return out.raw[:size.value]


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def pattern(size: int) -> bytes:
    """Deterministic, compressible but not trivial bytes."""
    block = b"".join(b"line %06d: the quick brown fox jumps over the lazy dog\n" % i for i in range(1000))
    return (block * (size // len(block) + 1))[:size]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.connections = 0          # accepted
        self.closed_by_client = 0     # seen EOF while stalling
        self.progress = {}            # token -> bytes sent by /large
        self.request_bodies = {}      # token -> info about a received body
        self.read_gate = {}           # token -> threading.Event that lets /slow-upload read

    def add(self, name, n=1):
        with self.lock:
            setattr(self, name, getattr(self, name) + n)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nano-test"
    sys_version = ""

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Small writes (chunks) go out as written, not merged by Nagle's algorithm.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.stats.add("connections")

    # --- helpers ---

    def query(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))

    def route(self):
        return urllib.parse.urlsplit(self.path).path

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                line = self.rfile.readline()
                if not line:
                    raise ConnectionResetError("the client closed mid-body")
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks), [len(c) for c in chunks]
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b"", None

    def send(self, status, body=b"", headers=(), reason=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status, reason)
        names = {k.lower() for k, _ in headers}
        for k, v in headers:
            self.send_header(k, v)
        if "content-length" not in names and "transfer-encoding" not in names:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def wait_for_client_close(self, limit=60.0):
        """Holds the connection until the client closes it (recorded) or the limit."""
        self.close_connection = True
        sock = self.connection
        sock.settimeout(0.05)
        deadline = time.time() + limit
        while time.time() < deadline and not self.server.stopping.is_set():
            try:
                data = sock.recv(65536)
                if not data:
                    self.server.stats.add("closed_by_client")
                    return
            except socket.timeout:
                continue
            except OSError:
                self.server.stats.add("closed_by_client")
                return

    # --- dispatch ---

    def handle_any(self):
        if getattr(self, "drop_next", False):
            # A keep-alive connection the server gives up on just as the client
            # reuses it: the request is read and the connection closed unanswered.
            self.close_connection = True
            return
        path = self.route()
        q = self.query()
        if path == "/then-drop":
            self.drop_next = True
            return self.send(200, "first")
        if path == "/hello":
            return self.send(200, "hello world", [("Content-Type", "text/plain; charset=utf-8")])
        if path == "/echo":
            body, chunks = self.read_body()
            info = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("latin-1"),
                "length": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "chunks": chunks,
            }
            return self.send(200, json.dumps(info), [("Content-Type", "application/json")])
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self.read_body()
            return self.send(code, b"" if code in (204, 304) else f"status {code}",
                             reason=q.get("reason"))
        if path == "/chunked":
            count = int(q.get("count", "5"))
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for i in range(count):
                piece = f"chunk {i};".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.01)
            self.wfile.write(b"0\r\nx-trailer: yes\r\n\r\n")
            return
        if path == "/encoded":
            size = int(q.get("size", "100000"))
            data = pattern(size)
            coding = q.get("coding", "gzip")
            if coding == "gzip":
                body = gzip.compress(data)
            elif coding == "gzip-multi":
                half = len(data) // 2
                body = gzip.compress(data[:half]) + gzip.compress(data[half:])
                coding = "gzip"
            elif coding == "deflate":
                body = zlib.compress(data)
            elif coding == "deflate-raw":
                body = deflate_raw(data)
                coding = "deflate"
            elif coding == "br":
                body = brotli_compress(data)
            elif coding == "gzip, br":
                body = brotli_compress(gzip.compress(data))
            elif coding == "corrupt":
                body = gzip.compress(data)[:20] + b"\x00garbage\xff" * 50
                coding = "gzip"
            else:
                body = data
            headers = [("Content-Encoding", coding), ("X-Sha256", hashlib.sha256(data).hexdigest()),
                       ("X-Size", str(size))]
            if q.get("chunked"):
                self.send_response(200)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 7000):
                    piece = body[i:i + 7000]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
                return
            return self.send(200, body, headers)
        if path.startswith("/redirect/"):
            code = int(path.rsplit("/", 1)[1])
            self.read_body()
            return self.send(code, "moved", [("Location", q.get("to", "/echo"))])
        if path == "/loop":
            n = int(q.get("n", "0"))
            if "stop" in q and n >= int(q["stop"]):
                return self.send(200, f"stopped after {n}")
            stop = f"&stop={q['stop']}" if "stop" in q else ""
            return self.send(302, "", [("Location", f"/loop?n={n + 1}{stop}")])
        if path == "/huge-header":
            return self.send(200, "x", [("X-Big", "a" * int(q.get("size", "300000")))])
        if path == "/close-later":
            # Keep-alive response, then the server closes the idle connection.
            self.send(200, "bye")
            time.sleep(0.1)
            self.close_connection = True
            return
        if path == "/conn-count":
            return self.send(200, str(self.server.stats.connections))
        if path == "/closed-count":
            return self.send(200, str(self.server.stats.closed_by_client))
        if path == "/delay":
            time.sleep(int(q.get("ms", "100")) / 1000)
            return self.send(200, pattern(int(q.get("size", "1000"))), [("Content-Type", "text/plain")])
        if path == "/large":
            size = int(q.get("mb", "50")) * 1024 * 1024
            token = q.get("token", "")
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            block = b"x" * 65536
            sent = 0
            try:
                while sent < size:
                    n = min(len(block), size - sent)
                    self.wfile.write(block[:n])
                    sent += n
                    with self.server.stats.lock:
                        self.server.stats.progress[token] = sent
            except OSError:
                self.close_connection = True
            return
        if path == "/progress":
            return self.send(200, str(self.server.stats.progress.get(q.get("token", ""), 0)))
        if path == "/slow-upload":
            # Reads nothing until /open-gate?token=..., then reads and reports the body.
            token = q.get("token", "")
            gate = self.server.stats.read_gate.setdefault(token, threading.Event())
            gate.wait(30)
            body, chunks = self.read_body()
            return self.send(200, json.dumps({"length": len(body), "chunks": len(chunks or [])}))
        if path == "/open-gate":
            token = q.get("token", "")
            self.server.stats.read_gate.setdefault(token, threading.Event()).set()
            return self.send(200, "open")
        if path == "/stall-head":
            return self.wait_for_client_close()  # whatever body comes is read and dropped
        if path == "/stall-body":
            size = int(q.get("size", "100000"))
            sent = int(q.get("sent", "1000"))
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.wfile.write(b"y" * sent)
            return self.wait_for_client_close()
        if path == "/reset-body":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"z" * 10)
            self.close_connection = True
            return
        if path == "/bad-chunked":
            # The head and a malformed chunk size in one write (one packet).
            self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")
            self.wfile.flush()
            self.close_connection = True
            return
        if path == "/no-length":
            # HTTP/1.0-style body: ends when the server closes.
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(pattern(30000))
            self.close_connection = True
            return
        return self.send(404, "not found: " + path)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any


class UpstreamServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, handler=Handler):
        self.stats = Stats()
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), handler)
        self.port = self.server_address[1]
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):
        # Clients that close mid-response (cancel, abort) are part of the tests.
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


class HttpsUpstream(UpstreamServer):
    def __init__(self, certfile, keyfile):
        super().__init__()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        context.set_alpn_protocols(["http/1.1"])
        self.context = context

    def get_request(self):
        sock, address = super().get_request()
        # The handshake happens in the handler thread (do_handshake_on_connect at first read).
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address


class StallServer:
    """Accepts TCP connections and never sends a byte; counts client closes."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.closed = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def run(self):
        self.sock.settimeout(0.05)
        clients = []
        while not self.stopping.is_set():
            try:
                c, _ = self.sock.accept()
                c.setblocking(False)
                clients.append(c)
                self.accepted += 1
            except socket.timeout:
                pass
            for c in list(clients):
                try:
                    if c.recv(65536) == b"":
                        self.closed += 1
                        clients.remove(c)
                        c.close()
                except BlockingIOError:
                    pass
                except OSError:
                    self.closed += 1
                    clients.remove(c)
        for c in clients:
            c.close()

    def stop(self):
        self.stopping.set()
        self.thread.join(2)
        self.sock.close()


class Blackhole:
    """A listener whose accept queue is full: connects to it hang in SYN_SENT."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.fill = []
        for _ in range(8):
            c = socket.socket()
            c.setblocking(False)
            try:
                c.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self.fill.append(c)
        time.sleep(0.1)

    def start(self):
        return self

    def stop(self):
        for c in self.fill:
            c.close()
        self.sock.close()


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_pki(directory):
    """A test CA, a leaf for 127.0.0.1/localhost, one for another name, one from an unknown CA."""

    def run(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    def leaf(name, san, ca):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", f"/CN={name}")
        with open(os.path.join(directory, f"{name}.ext"), "w") as f:
            f.write(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2", "-sha256", "-extfile", f"{name}.ext")

    for ca in ("ca", "otherca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{ca}.key", "-out", f"{ca}.pem",
            "-days", "2", "-subj", f"/CN=nano test {ca}", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    leaf("good", "IP:127.0.0.1,DNS:localhost", "ca")
    leaf("wronghost", "DNS:wrong.example", "ca")
    leaf("unknownca", "IP:127.0.0.1,DNS:localhost", "otherca")
    return {name: (os.path.join(directory, f"{name}.pem"), os.path.join(directory, f"{name}.key"))
            for name in ("ca", "good", "wronghost", "unknownca")}
