#!/usr/bin/env python3
"""The V8 inspector bridge, end to end: runs `nanojs run --inspect` on
inspector_target.js (and `nanojs serve --inspect` on inspector_handler.mjs) and
drives it over the Chrome DevTools Protocol with a minimal RFC 6455 client
(stdlib only), as DevTools would.

Usage: inspector_cdp.py NANOJS [TEST...]
"""
import base64
import hashlib
import http.client
import json
import os
import queue
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "inspector_target.js")
TARGET_URL = "file://" + urllib.parse.quote(TARGET)
HANDLER = os.path.join(HERE, "inspector_handler.mjs")
HANDLER_URL = "file://" + urllib.parse.quote(HANDLER)
TIMEOUT = 30


class Closed(Exception):
    pass


class WebSocket:
    """Just enough of RFC 6455 for CDP: masked text frames out, text frames
    (possibly fragmented) in, ping answered, close recognised."""

    def __init__(self, url, host_header=None, timeout=TIMEOUT):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        host = host_header or f"{parts.hostname}:{parts.port}"
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Closed(f"handshake refused: {head!r}")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n")[0]
        if b" 101 " not in status:
            raise Closed(f"handshake refused: {status.decode()}")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        if accept not in head:
            raise Closed("bad Sec-WebSocket-Accept")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise Closed("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            first, second = self._read(2)
            opcode = first & 0x0F
            n = second & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise Closed("close frame")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()

    def drop(self):
        """Vanish without a close frame, as a killed DevTools would."""
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


class Cdp:
    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 1
        self.events = []

    def send(self, method, params=None):
        call_id = self.next_id
        self.next_id += 1
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params or {}}))
        return call_id

    def reply(self, call_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"call {call_id} failed: {message['error']}")
                return message["result"]
            self.events.append(message)
        raise TimeoutError(f"no reply to call {call_id}")

    def call(self, method, params=None, timeout=TIMEOUT):
        return self.reply(self.send(method, params), timeout)

    def event(self, method, predicate=lambda params: True, timeout=TIMEOUT):
        for i, message in enumerate(self.events):
            if message.get("method") == method and predicate(message["params"]):
                del self.events[i]
                return message["params"]
        deadline = time.time() + timeout
        while time.time() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("method") == method and predicate(message["params"]):
                return message["params"]
            self.events.append(message)
        raise TimeoutError(f"no {method} event")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        self.ws.close()


class Nanojs:
    """A `nanojs run --inspect=127.0.0.1:0` process; its stderr is read as it comes."""

    def __init__(self, nanojs, flag="--inspect", script=TARGET, command=("run",)):
        self.proc = subprocess.Popen([nanojs, *command, f"{flag}=127.0.0.1:0", script],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr_lines = queue.Queue()
        self.stderr_text = ""
        self.stdout_chunks = []
        self.pumps = [threading.Thread(target=self._pump_stderr, daemon=True),
                      threading.Thread(target=self._pump_stdout, daemon=True)]
        for pump in self.pumps:
            pump.start()
        line = self.wait_stderr(r"Debugger listening on (ws://\S+)")
        self.ws_url = re.search(r"(ws://\S+)", line).group(1)
        self.port = urllib.parse.urlsplit(self.ws_url).port

    def _pump_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.put(line)

    def _pump_stdout(self):
        self.stdout_chunks.append(self.proc.stdout.read())

    def wait_stderr(self, pattern, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self.stderr_lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None and self.stderr_lines.empty():
                    break
                continue
            self.stderr_text += line
            if re.search(pattern, line):
                return line
        raise TimeoutError(f"stderr never matched {pattern!r}:\n{self.stderr_text}")

    def connect(self):
        return Cdp(self.ws_url)

    def http(self, path, host=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{self.port}")
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, body

    def finish(self, timeout=TIMEOUT):
        """Waits for the exit; returns (exit code, stdout). stderr_text then holds all of stderr."""
        try:
            self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        for pump in self.pumps:
            pump.join(timeout=5)
        while not self.stderr_lines.empty():
            self.stderr_text += self.stderr_lines.get()
        return self.proc.returncode, "".join(self.stdout_chunks)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok  ", message)


def end_program(nanojs_proc, client):
    """Lets the target's timer stop; the process then waits for the client to leave."""
    client.evaluate("globalThis.done = true")
    nanojs_proc.wait_stderr("Waiting for the debugger to disconnect")
    client.close()
    return nanojs_proc.finish()


# ---------------------------------------------------------------------------


def test_discovery(nanojs):
    proc = Nanojs(nanojs)
    try:
        status, body = proc.http("/json/list")
        targets = json.loads(body)
        check(status == 200 and len(targets) == 1, "/json/list lists one target")
        target = targets[0]
        check(target["webSocketDebuggerUrl"] == proc.ws_url, "its webSocketDebuggerUrl is the one printed")
        check(target["url"] == TARGET_URL and target["type"] == "node", "url is the script's file:// URL, type node")
        check(target["devtoolsFrontendUrl"].endswith("ws=" + proc.ws_url[len("ws://"):]),
              "devtoolsFrontendUrl points DevTools at the same socket")
        status, body = proc.http("/json")
        check(status == 200 and json.loads(body)[0]["id"] == target["id"], "/json is the same list")
        status, body = proc.http("/json/version")
        check(status == 200 and json.loads(body)["Browser"].startswith("nanojs/"), "/json/version names nanojs")
        status, body = proc.http("/json/protocol")
        check(status == 200 and any(d["domain"] == "Debugger" for d in json.loads(body)["domains"]),
              "/json/protocol is a protocol document")
        status, _ = proc.http("/json/list", host="evil.example:9229")
        check(status == 400, "a foreign Host header is refused (DNS rebinding)")
        status, _ = proc.http("/nothing/here")
        check(status == 404, "an unknown path is 404")
        try:
            WebSocket(f"ws://127.0.0.1:{proc.port}/not-a-target")
            check(False, "upgrade to an unknown target is refused")
        except Closed:
            check(True, "upgrade to an unknown target is refused")
        try:
            WebSocket(proc.ws_url, host_header="evil.example")
            check(False, "upgrade with a foreign Host is refused")
        except Closed:
            check(True, "upgrade with a foreign Host is refused")
        client = proc.connect()
        code, _ = end_program(proc, client)
        check(code == 0, "the program ends once the client leaves")
    finally:
        proc.kill()


def test_evaluate_console_breakpoint(nanojs):
    proc = Nanojs(nanojs)
    try:
        client = proc.connect()
        proc.wait_stderr("Debugger attached")
        check(client.evaluate("1 + 2") == 3, "Runtime.evaluate without a context id")
        check(client.evaluate("typeof ticks") == "number", "evaluate sees the script's globals")
        client.call("Runtime.enable")
        created = client.event("Runtime.executionContextCreated")
        check(created["context"]["auxData"]["isDefault"], "the context is announced as the default one")
        client.call("Debugger.enable")
        scripts = []
        while True:
            parsed = client.event("Debugger.scriptParsed")
            scripts.append(parsed["url"])
            if parsed["url"] == TARGET_URL:
                break
        check(TARGET_URL in scripts, "Debugger.scriptParsed reports the script by its file:// URL")
        line = next(i for i, text in enumerate(open(TARGET).read().split("\n")) if "BREAK HERE" in text)
        bp = client.call("Debugger.setBreakpointByUrl", {"url": TARGET_URL, "lineNumber": line})
        check(len(bp["locations"]) == 1, "Debugger.setBreakpointByUrl resolves in the script")
        client.evaluate("globalThis.mode = 'work'")
        paused = client.event("Debugger.paused")
        frame = paused["callFrames"][0]
        check(frame["location"]["lineNumber"] == line and frame["functionName"] == "work",
              "Debugger.paused at the breakpoint in work()")
        result = client.call("Debugger.evaluateOnCallFrame",
                             {"callFrameId": frame["callFrameId"], "expression": "local", "returnByValue": True})
        check(result["result"]["value"] == 42, "Debugger.evaluateOnCallFrame reads a local (42)")
        check(client.evaluate("finished") is False, "while paused the script does not go on")
        client.call("Debugger.resume")
        client.event("Debugger.resumed")
        # "target started" may come first (replayed by Runtime.enable, or
        # logged after it on a slow machine): the call wanted is work()'s.
        console = client.event("Runtime.consoleAPICalled",
                               lambda p: any(a.get("value") == "work returned" for a in p["args"]))
        args = [a.get("value") for a in console["args"]]
        check(console["type"] == "log" and args == ["work returned", 42],
              f"Runtime.consoleAPICalled carries the console.log arguments ({args})")
        deadline = time.time() + TIMEOUT
        while not client.evaluate("finished") and time.time() < deadline:
            time.sleep(0.05)
        check(client.evaluate("finished") is True, "after Debugger.resume the script continues")
        client.call("Debugger.removeBreakpoint", {"breakpointId": bp["breakpointId"]})
        code, out = end_program(proc, client)
        check(code == 0 and "work returned 42" in out, "stdout still gets the console output")
    finally:
        proc.kill()


def test_exceptions(nanojs):
    for mode, text, name in (("throw", "Uncaught", "Error: boom from the target"),
                             ("reject", "Uncaught (in promise)", "TypeError: rejected in the target")):
        proc = Nanojs(nanojs)
        try:
            client = proc.connect()
            client.call("Runtime.enable")
            client.evaluate(f"globalThis.mode = '{mode}'")
            thrown = client.event("Runtime.exceptionThrown")
            details = thrown["exceptionDetails"]
            check(details["text"] == text and details["exception"]["description"].startswith(name),
                  f"Runtime.exceptionThrown for {mode}: {details['text']} {name}")
            check(details.get("url") == TARGET_URL or any(
                f["url"] == TARGET_URL for f in details.get("stackTrace", {}).get("callFrames", [])),
                f"the {mode} exception points into the script")
            client.event("Runtime.executionContextDestroyed")
            proc.wait_stderr("Waiting for the debugger to disconnect")
            client.close()
            code, _ = proc.finish()
            check(code == 1 and name in proc.stderr_text,
                  f"the {mode} is still printed and exits 1")
        finally:
            proc.kill()


def test_busy_loop_profile_heap(nanojs):
    proc = Nanojs(nanojs)
    try:
        client = proc.connect()
        client.call("Profiler.enable")
        client.call("Profiler.setSamplingInterval", {"interval": 200})
        client.call("Profiler.start")
        started = time.time()
        client.evaluate("globalThis.mode = 'spin'")
        time.sleep(0.3)
        spins = client.evaluate("spins")
        check(spins > 0 and time.time() - started < 2.5 and client.evaluate("finished") is False,
              f"a busy loop still answers (interrupt): spins={spins} mid-loop")
        profile = client.call("Profiler.stop")["profile"]
        names = {n["callFrame"]["functionName"] for n in profile["nodes"]}
        check(len(profile["nodes"]) > 1 and "spin" in names and profile["samples"],
              f"Profiler.stop returns a profile with nodes ({len(profile['nodes'])}), spin among them")
        deadline = time.time() + TIMEOUT
        while not client.evaluate("finished") and time.time() < deadline:
            time.sleep(0.05)
        client.call("HeapProfiler.enable")
        call_id = client.send("HeapProfiler.takeHeapSnapshot", {"reportProgress": False})
        chunks = []
        while True:
            message = json.loads(client.ws.recv())
            if message.get("method") == "HeapProfiler.addHeapSnapshotChunk":
                chunks.append(message["params"]["chunk"])
            elif message.get("id") == call_id:
                check("error" not in message, "HeapProfiler.takeHeapSnapshot completes")
                break
        snapshot = json.loads("".join(chunks))
        check(len(chunks) > 1 and snapshot["snapshot"]["node_count"] > 1000 and snapshot["strings"],
              f"{len(chunks)} heap snapshot chunks concatenate to valid JSON "
              f"({snapshot['snapshot']['node_count']} nodes)")
        end_program(proc, client)
    finally:
        proc.kill()


def test_two_sessions_reconnect(nanojs):
    proc = Nanojs(nanojs)
    try:
        first = proc.connect()
        second = proc.connect()
        first.call("Runtime.enable")
        second.call("Runtime.enable")
        check(first.evaluate("globalThis.seen = 'first'") == "first" and second.evaluate("seen") == "first",
              "two sessions share the runtime")
        first.evaluate("console.info('to both')")
        a = first.event("Runtime.consoleAPICalled", lambda p: p["args"][0].get("value") == "to both")
        b = second.event("Runtime.consoleAPICalled", lambda p: p["args"][0].get("value") == "to both")
        check(a["type"] == b["type"] == "info", "a console call reaches both sessions")
        first.close()
        time.sleep(0.2)
        check(second.evaluate("2 * 21") == 42, "the other session goes on after one closes")
        third = proc.connect()
        third.call("Runtime.enable")
        check(third.evaluate("seen") == "first", "a client can reconnect after a disconnect")
        third.evaluate("console.warn('again')")
        c = third.event("Runtime.consoleAPICalled", lambda p: p["args"][0].get("value") == "again")
        check(c["type"] == "warning", "console events reach the reconnected session")
        second.close()
        end_program(proc, third)
    finally:
        proc.kill()


def test_vanished_paused_client(nanojs):
    proc = Nanojs(nanojs)
    try:
        client = proc.connect()
        client.call("Debugger.enable")
        client.call("Debugger.pause")
        client.event("Debugger.paused")
        before = client.evaluate("ticks")
        time.sleep(0.2)
        check(client.evaluate("ticks") == before, "Debugger.pause stops the timers")
        client.ws.drop()
        time.sleep(0.3)
        other = proc.connect()
        a = other.evaluate("ticks")
        time.sleep(0.3)
        b = other.evaluate("ticks")
        check(b > a, f"the isolate resumed after the paused client vanished (ticks {a} -> {b})")
        end_program(proc, other)
    finally:
        proc.kill()


def test_inspect_brk(nanojs):
    proc = Nanojs(nanojs, flag="--inspect-brk")
    try:
        time.sleep(0.3)
        check(proc.proc.poll() is None and proc.http("/json/list")[0] == 200,
              "--inspect-brk waits for a debugger")
        client = proc.connect()
        client.call("Runtime.enable")
        client.call("Debugger.enable")
        client.call("Runtime.runIfWaitingForDebugger")
        paused = client.event("Debugger.paused")
        frame = paused["callFrames"][0]
        # CallFrame.url is deprecated (empty in V8 10.2): the script id names the script.
        script = client.event("Debugger.scriptParsed", lambda p: p["scriptId"] == frame["location"]["scriptId"])
        check(script["url"] == TARGET_URL and frame["location"]["lineNumber"] == 3,
              f"--inspect-brk pauses before the first statement ({paused['reason']}, line "
              f"{frame['location']['lineNumber']} of the script)")
        check(client.evaluate("typeof ticks") == "undefined", "no statement of the script ran yet")
        client.call("Debugger.resume")
        log = client.event("Runtime.consoleAPICalled")
        check(log["args"][0]["value"] == "target started", "after resume the script runs")
        end_program(proc, client)
    finally:
        proc.kill()


def test_inspect_wait(nanojs):
    proc = Nanojs(nanojs, flag="--inspect-wait")
    try:
        client = proc.connect()
        client.call("Runtime.enable")
        time.sleep(0.2)
        check(client.evaluate("typeof ticks") == "undefined", "--inspect-wait runs nothing before the debugger says so")
        client.call("Runtime.runIfWaitingForDebugger")
        log = client.event("Runtime.consoleAPICalled")
        check(log["args"][0]["value"] == "target started", "Runtime.runIfWaitingForDebugger starts the script")
        end_program(proc, client)
    finally:
        proc.kill()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_served_handler(nanojs):
    port = free_port()
    # A CPU limit far shorter than the pause below: paused time must not count.
    proc = Nanojs(nanojs, script=HANDLER,
                  command=("serve", "--host", "127.0.0.1", "--port", str(port), "--cpu-limit-ms", "300"))
    try:
        status, body = proc.http("/json/list")
        targets = json.loads(body)
        check(status == 200 and len(targets) == 1 and targets[0]["url"] == HANDLER_URL,
              "nanojs serve --inspect lists the handler as a target by its file:// URL")
        client = proc.connect()
        client.call("Debugger.enable")
        while client.event("Debugger.scriptParsed")["url"] != HANDLER_URL:
            pass
        line = next(i for i, text in enumerate(open(HANDLER).read().split("\n")) if "BREAK HERE" in text)
        bp = client.call("Debugger.setBreakpointByUrl", {"url": HANDLER_URL, "lineNumber": line})
        check(len(bp["locations"]) == 1, "a breakpoint by URL resolves in the served handler")
        answer = {}

        def request():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            conn.request("GET", "/?n=21")
            response = conn.getresponse()
            answer["status"], answer["body"] = response.status, response.read()
            conn.close()

        client_thread = threading.Thread(target=request)
        client_thread.start()
        paused = client.event("Debugger.paused")
        frame = paused["callFrames"][0]
        check(frame["location"]["lineNumber"] == line and frame["functionName"] == "fetch",
              "a request pauses the handler at the breakpoint (after an await)")
        result = client.call("Debugger.evaluateOnCallFrame",
                             {"callFrameId": frame["callFrameId"], "expression": "local", "returnByValue": True})
        check(result["result"]["value"] == 42, "Debugger.evaluateOnCallFrame reads the handler's local (42)")
        time.sleep(1.0)  # a person looking at the paused frame, longer than the CPU limit
        check(client_thread.is_alive() and "status" not in answer, "no response while the handler is paused")
        again = client.call("Debugger.evaluateOnCallFrame",
                            {"callFrameId": frame["callFrameId"], "expression": "local + 1", "returnByValue": True})
        check(again["result"]["value"] == 43, "evaluating while paused is not stopped by the CPU limit")
        client.call("Debugger.removeBreakpoint", {"breakpointId": bp["breakpointId"]})
        client.call("Debugger.resume")
        client_thread.join(TIMEOUT)
        check(answer.get("status") == 200 and answer.get("body") == b"answer 42",
              f"after Debugger.resume the response arrives ({answer})")
        client.close()
        proc.proc.send_signal(15)
        code, _ = proc.finish()
        check(code == 0, f"SIGTERM ends the debuggable server (exit {code})")
    finally:
        proc.kill()


TESTS = [test_discovery, test_evaluate_console_breakpoint, test_exceptions, test_busy_loop_profile_heap,
         test_two_sessions_reconnect, test_vanished_paused_client, test_inspect_brk, test_inspect_wait, test_served_handler]

if __name__ == "__main__":
    nanojs = sys.argv[1]
    wanted = sys.argv[2:]
    failed = 0
    ran = 0
    for test in TESTS:
        if wanted and test.__name__ not in wanted:
            continue
        ran += 1
        print(f"--- {test.__name__}")
        try:
            test(nanojs)
        except Exception as error:  # report and go on with the next scenario
            failed += 1
            print(f"FAIL {test.__name__}: {type(error).__name__}: {error}")
    print(f"{ran - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
