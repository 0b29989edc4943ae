#!/usr/bin/env python3
"""Integration tests of `nanojs serve --config FILE` (multi-app mode).

Writes handlers and a config into a temporary folder, starts the server on
127.0.0.1 port 0, and checks Host routing, env, reloading of handlers and of
the config (in-flight requests finish on the old version), failed reloads,
the front's own 431/400/404 answers and SIGTERM. Every wait is bounded.

Usage: serve_multi_test.py NANOJS [TEST_NAME...]
"""
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_test  # noqa: E402  (Server and the HTTP helpers)

HANDLER = """
let count = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default {
  async fetch(request, env, ctx) {
    count++;
    const url = new URL(request.url);
    if (url.pathname === "/sleep") await sleep(Number(url.searchParams.get("ms")));
    return Response.json({ app: "%(name)s", version: %(version)d, env, count, host: url.host });
  },
};
"""


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def write_handler(folder, name, version, atomic=True):
    path = os.path.join(folder, f"{name}.mjs")
    text = HANDLER % {"name": name, "version": version}
    if atomic:
        write_atomic(path, text)
    else:
        with open(path, "w") as f:
            f.write(text)
    return path


def write_config(folder, apps):
    path = os.path.join(folder, "serve.json")
    write_atomic(path, json.dumps({"port": 0, "host": "127.0.0.1", "apps": apps}, indent=2))
    return path


def ask(server, host, path="/", timeout=10):
    status, _, body = server.get(path, headers={"Host": host}, timeout=timeout)
    return status, (json.loads(body) if status == 200 else body)


def wait_for(predicate, timeout=8, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Setup:
    def __init__(self, apps=None, extra=()):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        write_handler(self.dir, "a", 1)
        write_handler(self.dir, "b", 1)
        write_handler(self.dir, "d", 1)
        self.apps = apps if apps is not None else [
            {"hostname": "a.localhost", "handler": "./a.mjs", "env": {"name": "alpha", "n": [1, 2]}},
            {"hostname": "*.b.localhost", "handler": "./b.mjs", "env": {"name": "beta"}},
            {"hostname": "*", "handler": "./d.mjs"},
        ]
        self.config = write_config(self.dir, self.apps)
        self.server = serve_test.Server(*extra, config=self.config)

    def close(self):
        try:
            code = self.server.stop()
            assert code == 0, f"exit code {code}; stderr:\n{self.server.stderr()}"
        finally:
            self.tmp.cleanup()


def test_routing_and_env():
    s = Setup()
    try:
        status, body = ask(s.server, f"a.localhost:{s.server.port}")
        assert status == 200 and body["app"] == "a", body
        assert body["env"] == {"name": "alpha", "n": [1, 2]}, body
        assert body["host"] == f"a.localhost:{s.server.port}", body
        assert ask(s.server, "A.LOCALHOST")[1]["app"] == "a"
        assert ask(s.server, "x.b.localhost")[1]["app"] == "b"
        assert ask(s.server, "deep.x.b.localhost")[1]["env"] == {"name": "beta"}
        assert ask(s.server, "b.localhost")[1]["app"] == "d", "the wildcard must not match the bare name"
        assert ask(s.server, "elsewhere")[1]["app"] == "d"
        # Keep-alive connection: several requests, one app.
        conn = s.server.connection()
        for i in range(3):
            conn.request("GET", "/", headers={"Host": "a.localhost"})
            response = conn.getresponse()
            assert json.loads(response.read())["app"] == "a"
        conn.close()
    finally:
        s.close()


def test_no_default_app_404():
    s = Setup(apps=[{"hostname": "a.localhost", "handler": "./a.mjs"}])
    try:
        status, body = ask(s.server, "unknown.localhost")
        assert status == 404 and b"unknown.localhost" in body, (status, body)
        assert ask(s.server, "a.localhost")[0] == 200
    finally:
        s.close()


def test_front_rejects_bad_heads():
    s = Setup()
    try:
        out = s.server.raw(b"GET / HTTP/1.1\r\nHost: a.localhost\r\nX-Big: " + b"x" * 100000 + b"\r\n\r\n")
        assert out.startswith(b"HTTP/1.1 431 "), out[:80]
        out = s.server.raw(b"NOT HTTP AT ALL\r\n\r\n")
        assert out.startswith(b"HTTP/1.1 400 "), out[:80]
        # Pipelined requests after a routed head reach the app too.
        with socket.create_connection((s.server.host, s.server.port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\nGET / HTTP/1.1\r\nHost: a.localhost\r\n"
                         b"Connection: close\r\n\r\n")
            f = sock.makefile("rb")
            first = json.loads(serve_test.read_response(f)[2])
            second = json.loads(serve_test.read_response(f)[2])
            assert second["count"] == first["count"] + 1, (first, second)
    finally:
        s.close()


def test_handler_reload_keeps_in_flight():
    s = Setup()
    try:
        assert ask(s.server, "a.localhost")[1]["version"] == 1
        b_before = ask(s.server, "x.b.localhost")[1]["count"]
        slow = {}
        thread = threading.Thread(target=lambda: slow.update(r=ask(s.server, "a.localhost", "/sleep?ms=1500")))
        thread.start()
        time.sleep(0.3)
        write_handler(s.dir, "a", 2)
        wait_for(lambda: ask(s.server, "a.localhost")[1]["version"] == 2, what="version 2 of a")
        thread.join(10)
        assert slow["r"][0] == 200 and slow["r"][1]["version"] == 1, f"in-flight request: {slow}"
        # b was not reloaded: its state (the counter) carries on.
        assert ask(s.server, "x.b.localhost")[1]["count"] == b_before + 1
        # An in-place write (no rename) is seen as well.
        write_handler(s.dir, "a", 3, atomic=False)
        wait_for(lambda: ask(s.server, "a.localhost")[1]["version"] == 3, what="version 3 of a")
        assert s.server.wait_stderr("reloaded a.localhost")
    finally:
        s.close()


def test_single_file_reload():
    # `nanojs serve FILE` watches the handler's folder like a config's apps:
    # a change reloads it, in-flight requests finish on the old version, and
    # --no-watch serves the file as it was.
    with tempfile.TemporaryDirectory() as folder:
        path = write_handler(folder, "solo", 1)
        server = serve_test.Server(handler=path)
        try:
            assert ask(server, "anything.example")[1]["version"] == 1
            slow = {}
            thread = threading.Thread(target=lambda: slow.update(r=ask(server, "x", "/sleep?ms=1500")))
            thread.start()
            time.sleep(0.3)
            write_handler(folder, "solo", 2)
            wait_for(lambda: ask(server, "x")[1]["version"] == 2, what="version 2 of the handler")
            thread.join(10)
            assert slow["r"][0] == 200 and slow["r"][1]["version"] == 1, f"in-flight request: {slow}"
            assert server.wait_stderr("reloaded solo.mjs")
        finally:
            assert server.stop() == 0
        fixed = serve_test.Server("--no-watch", handler=path)
        try:
            assert ask(fixed, "x")[1]["version"] == 2
            write_handler(folder, "solo", 3)
            time.sleep(1.0)  # longer than the reload debounce: nothing may change
            assert ask(fixed, "x")[1]["version"] == 2
        finally:
            assert fixed.stop() == 0


def test_broken_reload_keeps_old_version():
    s = Setup()
    try:
        assert ask(s.server, "a.localhost")[1]["version"] == 1
        write_atomic(os.path.join(s.dir, "a.mjs"), "export default { fetch( {\n")
        assert s.server.wait_stderr("reload failed", timeout=8), s.server.stderr()
        assert ask(s.server, "a.localhost")[1]["version"] == 1
        write_handler(s.dir, "a", 4)
        wait_for(lambda: ask(s.server, "a.localhost")[1]["version"] == 4, what="version 4 after a fix")
    finally:
        s.close()


def test_config_reload():
    s = Setup()
    try:
        assert ask(s.server, "c.localhost")[1]["app"] == "d"
        write_handler(s.dir, "c", 1)
        apps = s.apps + [{"hostname": "c.localhost", "handler": "./c.mjs", "env": {"name": "gamma"}}]
        apps[0] = {"hostname": "a.localhost", "handler": "./a.mjs", "env": {"name": "alpha2"}}
        write_config(s.dir, apps)
        wait_for(lambda: ask(s.server, "c.localhost")[1]["app"] == "c", what="the new app c")
        assert ask(s.server, "c.localhost")[1]["env"] == {"name": "gamma"}
        assert ask(s.server, "a.localhost")[1]["env"] == {"name": "alpha2"}
        # A broken config keeps the running apps.
        write_atomic(s.config, "{ not json")
        assert s.server.wait_stderr("config reload failed", timeout=8), s.server.stderr()
        assert ask(s.server, "c.localhost")[1]["app"] == "c"
    finally:
        s.close()


def test_sigterm_drains():
    s = Setup()
    try:
        slow = {}
        thread = threading.Thread(target=lambda: slow.update(r=ask(s.server, "a.localhost", "/sleep?ms=800")))
        thread.start()
        time.sleep(0.3)
        s.server.proc.send_signal(signal.SIGTERM)
        thread.join(10)
        code = s.server.proc.wait(10)
        assert slow.get("r", (0,))[0] == 200, slow
        assert code == 0, code
    finally:
        s.tmp.cleanup()


def test_telemetry_names_apps():
    with tempfile.TemporaryDirectory() as out:
        path = os.path.join(out, "t.jsonl")
        s = Setup(extra=("--telemetry", path))
        try:
            ask(s.server, "a.localhost")
            ask(s.server, "x.b.localhost")
        finally:
            s.close()
        with open(path) as f:
            events = [json.loads(line) for line in f if line.strip()]
    apps = {e["app"] for e in events if e["kind"] == "request" and e["op"] == "close"}
    assert {"a.localhost", "*.b.localhost"} <= apps, apps


def test_bad_config():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "serve.json")
        for text, message in (("{\"apps\": []}", b"apps"), ("{\"apps\": [{\"hostname\": 1}]}", b"hostname"),
                              ("{\"port\": 1,", b"1:"), ("[]", b"object")):
            with open(path, "w") as f:
                f.write(text)
            result = serve_test.subprocess.run([serve_test.NANOJS, "serve", "--config", path],
                                               capture_output=True, timeout=10)
            assert result.returncode == 1 and message in result.stderr, (text, result)
        # A handler that fails to load: exit 1, nothing listens.
        write_config(folder, [{"hostname": "*", "handler": "./missing.mjs"}])
        result = serve_test.subprocess.run([serve_test.NANOJS, "serve", "--config", path, "--port", "0"],
                                           capture_output=True, timeout=20)
        assert result.returncode == 1 and b"Listening" not in result.stdout, result


TESTS = [test_routing_and_env, test_no_default_app_404, test_front_rejects_bad_heads,
         test_handler_reload_keeps_in_flight, test_single_file_reload, test_broken_reload_keeps_old_version,
         test_config_reload,
         test_sigterm_drains, test_telemetry_names_apps, test_bad_config]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    serve_test.NANOJS = sys.argv[1]
    wanted = set(sys.argv[2:])
    failures = ran = 0
    for test in TESTS:
        if wanted and test.__name__ not in wanted:
            continue
        ran += 1
        started = time.time()
        try:
            test()
            print(f"ok   {test.__name__} ({time.time() - started:.2f} s)")
        except Exception as error:  # noqa: BLE001 - every failure is reported
            failures += 1
            print(f"FAIL {test.__name__}: {type(error).__name__}: {error}")
    print(f"{ran - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
