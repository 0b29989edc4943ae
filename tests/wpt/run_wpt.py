#!/usr/bin/env python3
"""Run Web Platform Tests (testharness.js tests) under nanojs.

Each runnable test file (*.any.js with a worker-like global, *.worker.js) and
each of its `// META: variant=` variants is bundled into ONE classic script:

    prelude (self, GLOBAL, location, fetch shim for fixture files)
    resources/testharness.js
    reporter (prints one marked JSON line per subtest and one at completion)
    META scripts / importScripts() dependencies
    the test file
    done()

and run with `nanojs run --script BUNDLE`. Results are compared with an
expectations file (see README.md). Standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

MARK = "##WPT## "
SUBTEST_STATUS = {0: "PASS", 1: "FAIL", 2: "TIMEOUT", 3: "NOTRUN", 4: "PRECONDITION_FAILED"}
HARNESS_STATUS = {0: "OK", 1: "ERROR", 2: "TIMEOUT", 3: "PRECONDITION_FAILED"}
# Harness outcomes where the process itself failed: the subtests are unknown.
PROCESS_FAILURES = ("CRASH", "PROCESS_TIMEOUT", "INCOMPLETE")
WORKER_GLOBALS = {"worker", "dedicatedworker", "shadowrealm", "jsshell"}
DEFAULT_GLOBALS = ["window", "dedicatedworker"]
HOST = "web-platform.test"
MAX_FIXTURE_BYTES = 8 * 1024 * 1024
# Node's vendored subset keeps the WebIDL parser under another name.
RESOURCE_ALIASES = {"resources/WebIDLParser.js": "resources/webidl2/lib/webidl2.js"}


def sanitize(text):
    """Replace unpaired surrogates (as testharness does) so text is valid UTF-8."""
    if text is None:
        return None
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        o = ord(c)
        if 0xD800 <= o <= 0xDBFF and i + 1 < len(text) and 0xDC00 <= ord(text[i + 1]) <= 0xDFFF:
            out.append(chr(0x10000 + ((o - 0xD800) << 10) + (ord(text[i + 1]) - 0xDC00)))
            i += 2
            continue
        out.append("U+%x" % o if 0xD800 <= o <= 0xDFFF else c)
        i += 1
    return "".join(out)


def one_line(text, limit=160):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------- discovery


class Spec:
    """One runnable unit: a test file plus an optional variant (`?...`)."""

    def __init__(self, rel, variant, meta, kind):
        self.rel = rel  # path relative to the WPT root, with forward slashes
        self.variant = variant
        self.meta = meta
        self.kind = kind  # "any" or "worker"

    @property
    def key(self):
        return self.rel + self.variant

    @property
    def long(self):
        return self.meta.get("timeout") == "long"


def parse_meta(source):
    """`// META: key=value` lines from the leading comment block of a test."""
    meta = {"script": [], "variant": []}
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        m = re.match(r"//\s*META:\s*([\w-]+)\s*=\s*(.*)$", stripped)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key in ("script", "variant"):
            meta[key].append(value)
        else:
            meta[key] = value
    return meta


def globals_of(meta):
    if "global" not in meta:
        return list(DEFAULT_GLOBALS)
    out = []
    for token in meta["global"].split(","):
        token = token.strip()
        if token == "default":
            out.extend(DEFAULT_GLOBALS)
        elif token:
            out.append(token)
    return out


def classify(rel):
    """'any' / 'worker' for candidate test files, None for anything else."""
    name = posixpath.basename(rel)
    if name.endswith(".any.js"):
        return "any"
    if name.endswith(".worker.js"):
        return "worker"
    return None


def discover(wpt_root, target):
    """Specs and not-runnable files under `target` (a directory or a file)."""
    target = target.strip("/")
    full = os.path.join(wpt_root, target)
    if os.path.isfile(full):
        files = [target]
    elif os.path.isdir(full):
        files = []
        for dirpath, dirnames, filenames in os.walk(full):
            dirnames.sort()
            for name in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, name), wpt_root).replace(os.sep, "/")
                files.append(rel)
    else:
        raise SystemExit("run_wpt: no such test file or directory: %s" % full)

    specs, not_runnable = [], []
    for rel in files:
        kind = classify(rel)
        if kind is None:
            if os.path.isfile(full):
                not_runnable.append((rel, "not a .any.js or .worker.js test"))
            continue
        with open(os.path.join(wpt_root, rel), encoding="utf-8", errors="surrogateescape") as f:
            meta = parse_meta(f.read())
        if kind == "any" and not WORKER_GLOBALS.intersection(globals_of(meta)):
            not_runnable.append((rel, "global=%s has no worker-like scope" % meta.get("global")))
            continue
        for variant in meta["variant"] or [""]:
            specs.append(Spec(rel, variant, meta, kind))
    return specs, not_runnable


# ---------------------------------------------------------------- bundling


def resolve_url(wpt_root, from_rel, url):
    """A resource URL as a path relative to the WPT root (None if external)."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        prefix = "http://%s:8000/" % HOST
        if not url.startswith(prefix):
            return None
        url = "/" + url[len(prefix):]
    if url.startswith("/"):
        rel = posixpath.normpath(url.lstrip("/"))
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), url))
    if rel.startswith("../") or rel == "..":
        return None
    if rel in RESOURCE_ALIASES and not os.path.isfile(os.path.join(wpt_root, rel)):
        rel = RESOURCE_ALIASES[rel]
    return rel


def read_text(wpt_root, rel):
    with open(os.path.join(wpt_root, rel), "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def location_of(spec):
    secure = ".https." in posixpath.basename(spec.rel)
    protocol = "https:" if secure else "http:"
    port = "8443" if secure else "8000"
    # The URL a dedicated worker running this test would have.
    path = "/" + spec.rel
    if spec.kind == "any":
        path = path[: -len(".js")] + ".worker.js"
    host = "%s:%s" % (HOST, port)
    origin = "%s//%s" % (protocol, host)
    return {
        "href": origin + path + spec.variant,
        "origin": origin,
        "protocol": protocol,
        "host": host,
        "hostname": HOST,
        "port": port,
        "pathname": path,
        "search": spec.variant,
        "hash": "",
    }


FETCH_LITERAL = re.compile(r"""\bfetch\(\s*(["'])([^"'\\]+)\1""")
IMPORT_SCRIPTS = re.compile(r"""\bimportScripts\(([^)]*)\)""")
STRING_LITERAL = re.compile(r"""(["'])([^"'\\]+)\1""")
IDL_TEST = re.compile(r"""\bidl_test\(\s*\[([^\]]*)\]\s*,\s*\[([^\]]*)\]""")


def fixtures_for(wpt_root, spec, sources):
    """Files the test fetch()es by literal URL, served by the prelude's shim."""
    wanted = []
    for text in sources:
        for m in FETCH_LITERAL.finditer(text):
            wanted.append(resolve_url(wpt_root, spec.rel, m.group(2)))
        for m in IDL_TEST.finditer(text):
            for group in (m.group(1), m.group(2)):
                for name in STRING_LITERAL.finditer(group):
                    wanted.append("interfaces/%s.idl" % name.group(2))
    fixtures = {}
    for rel in wanted:
        if not rel or rel in fixtures:
            continue
        full = os.path.join(wpt_root, rel)
        if os.path.isfile(full) and os.path.getsize(full) <= MAX_FIXTURE_BYTES:
            fixtures["/" + rel] = read_text(wpt_root, rel)
    return fixtures


PRELUDE = r"""
(function () {
  "use strict";
  const g = globalThis;
  const define = (name, value) =>
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  if (typeof g.self === "undefined") define("self", g);
  define("GLOBAL", { isWindow: () => false, isWorker: () => true, isShadowRealm: () => false });
  const loc = %(location)s;
  loc.toString = function () { return this.href; };
  define("location", loc);
  if (%(title)s !== null) define("META_TITLE", %(title)s);

  // A worker-scope global makes testharness report through self.postMessage.
  const workerScope = ["DedicatedWorkerGlobalScope", "WorkerGlobalScope"].some(
    (name) => typeof g[name] === "function" && g instanceof g[name]);
  if (workerScope && typeof g.postMessage !== "function") define("postMessage", () => {});

  // Uncaught errors become harness errors (testharness listens too) instead
  // of ending the process; only possible once EventTarget exists.
  if (typeof g.addEventListener === "function") {
    g.addEventListener("error", (e) => e.preventDefault());
    g.addEventListener("unhandledrejection", (e) => e.preventDefault());
  }

  // Scripts that importScripts() names were bundled ahead of the test.
  const preloaded = %(preloaded)s;
  define("importScripts", function importScripts(...urls) {
    for (const url of urls) {
      if (!preloaded.includes(String(url)))
        throw new Error("run_wpt: importScripts(" + url + ") was not bundled");
    }
  });

  // No web server: fixture files the test fetch()es are embedded here.
  const fixtures = %(fixtures)s;
  if (Object.keys(fixtures).length > 0) {
    const realFetch = g.fetch;
    const base = loc.pathname;
    const resolve = (url) => {
      url = url.split("#")[0].split("?")[0];
      const prefix = loc.origin + "/";
      if (url.startsWith(prefix)) url = url.slice(prefix.length - 1);
      if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return null;
      const parts = url.startsWith("/") ? [] : base.split("/").slice(0, -1);
      for (const part of url.split("/")) {
        if (part === "..") parts.pop();
        else if (part !== "." && part !== "") parts.push(part);
      }
      return "/" + parts.filter((p) => p !== "").join("/");
    };
    const utf8 = (text) => {
      const bytes = [];
      for (const ch of text) {
        let c = ch.codePointAt(0);
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) bytes.push(c);
        else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(bytes).buffer;
    };
    define("fetch", function fetch(input, init) {
      const url = typeof input === "string" ? input : input && input.url;
      const path = typeof url === "string" ? resolve(url) : null;
      if (path !== null && Object.prototype.hasOwnProperty.call(fixtures, path)) {
        const body = fixtures[path];
        return Promise.resolve({
          ok: true, status: 200, statusText: "OK", url: loc.origin + path,
          text: () => Promise.resolve(body),
          json: () => Promise.resolve(JSON.parse(body)),
          arrayBuffer: () => Promise.resolve(utf8(body)),
        });
      }
      if (typeof realFetch === "function") return realFetch.apply(this, arguments);
      return Promise.reject(new TypeError("run_wpt: no fixture for fetch(" + url + ")"));
    });
  }
})();
"""

REPORTER = r"""
(function () {
  "use strict";
  const g = globalThis;
  const console = g.console, log = console.log;
  // "%%" only occurs inside JSON strings: escaping it keeps console's format
  // specifiers (%%s, %%d, ...) from ever applying to a record.
  const write = (record) =>
    Reflect.apply(log, console, [%(mark)s + JSON.stringify(record).replace(/%%/g, "\\u0025")]);
  const exit = g.nano && typeof g.nano.exit === "function" ? g.nano.exit : null;
  const sanitize = (text) => text == null ? null : String(text).replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
    (m) => m.length === 2
      ? m[0] + "U+" + m.charCodeAt(1).toString(16)
      : "U+" + m.charCodeAt(0).toString(16));
  const reported = new Set();
  const report = (t) => {
    reported.add(t);
    write({ type: "result", name: sanitize(t.name), status: t.status,
            message: sanitize(t.message), stack: sanitize(t.stack) });
  };
  const harnessTimeout = g.timeout;
  const setT = g.setTimeout, clearT = g.clearTimeout;
  // Keeps the loop alive and turns a hang into testharness's own TIMEOUT
  // (per-subtest TIMEOUT/NOTRUN) before the runner kills the process.
  const timer = setT(() => { write({ type: "harness-timeout" }); harnessTimeout(); }, %(budget)d);
  g.add_result_callback(report);
  g.add_completion_callback((tests, status) => {
    clearT(timer);
    for (const t of tests) if (!reported.has(t)) report(t);
    write({ type: "complete", status: status.status, message: sanitize(status.message),
            stack: sanitize(status.stack) });
    if (exit) setT(() => exit(0), 0);
  });
})();
"""

# nanojs's global is a ServiceWorkerGlobalScope, so testharness waits for the
# "install" event that a service worker host fires once the script has run.
INSTALL = r"""
if (typeof ServiceWorkerGlobalScope === "function" && self instanceof ServiceWorkerGlobalScope) {
  self.dispatchEvent(new Event("install"));
}
"""

TAIL = r"""
if (typeof done === "function") done();
"""


def build_bundle(wpt_root, spec, budget_ms):
    """The bundle's text and [(first line, label, line count)] for mapping stacks."""
    test_source = read_text(wpt_root, spec.rel)
    deps = []  # relative paths, in load order
    if spec.kind == "any":
        for url in spec.meta["script"]:
            deps.append((url, resolve_url(wpt_root, spec.rel, url)))
    else:
        for m in IMPORT_SCRIPTS.finditer(test_source):
            for lit in STRING_LITERAL.finditer(m.group(1)):
                deps.append((lit.group(2), resolve_url(wpt_root, spec.rel, lit.group(2))))
    harness = "resources/testharness.js"
    pieces = []
    dep_sources = []
    for url, rel in deps:
        if rel == harness:
            continue
        if rel is None or not os.path.isfile(os.path.join(wpt_root, rel)):
            raise FileNotFoundError("META script %s of %s not found" % (url, spec.rel))
        text = read_text(wpt_root, rel)
        dep_sources.append(text)
        pieces.append((rel, text))

    fixtures = fixtures_for(wpt_root, spec, [test_source] + dep_sources)
    title = spec.meta.get("title")
    prelude = PRELUDE % {
        "location": json.dumps(location_of(spec)),
        "title": json.dumps(title) if title is not None else "null",
        "preloaded": json.dumps([url for url, _ in deps]),
        "fixtures": json.dumps(fixtures, ensure_ascii=False),
    }
    reporter = REPORTER % {"mark": json.dumps(MARK), "budget": budget_ms}
    ordered = [("<prelude>", prelude), (harness, read_text(wpt_root, harness)), ("<reporter>", reporter)]
    ordered += pieces
    ordered.append((spec.rel, test_source))
    # .worker.js tests call done() themselves; both kinds need the host's "install".
    ordered.append(("<install>", INSTALL))
    if spec.kind == "any":
        ordered.append(("<done>", TAIL))

    chunks, line_map, line = [], [], 1
    for label, text in ordered:
        if not text.endswith("\n"):
            text += "\n"
        text += ";\n"
        count = text.count("\n")
        line_map.append((line, label, count))
        chunks.append(text)
        line += count
    return "".join(chunks), line_map


def map_locations(text, bundle_name, line_map):
    """Rewrite BUNDLE:LINE[:COL] references into the original file and line."""
    if not text:
        return text
    pattern = re.compile(r"(?:[^\s()]*/)?" + re.escape(bundle_name) + r":(\d+)(?::(\d+))?")

    def repl(m):
        n = int(m.group(1))
        for first, label, count in line_map:
            if first <= n < first + count:
                out = "%s:%d" % (label, n - first + 1)
                return out + (":" + m.group(2) if m.group(2) else "")
        return m.group(0)

    return pattern.sub(repl, text)


# ---------------------------------------------------------------- running


class Result:
    def __init__(self, spec):
        self.spec = spec
        self.subtests = {}  # name -> status name
        self.messages = {}  # name -> message
        self.stacks = {}
        self.harness = "INCOMPLETE"
        self.harness_message = None
        self.output = []  # stdout lines that are not reporter lines
        self.stderr = ""
        self.exit_code = None
        self.duration = 0.0

    @property
    def process_failed(self):
        return self.harness in PROCESS_FAILURES


def worse(a, b):
    order = ["PASS", "PRECONDITION_FAILED", "NOTRUN", "TIMEOUT", "FAIL"]
    return a if order.index(a) >= order.index(b) else b


def describe_signal(returncode):
    if returncode is None or returncode >= 0:
        return None
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return "signal %d" % -returncode


def run_spec(args, spec, tmpdir):
    result = Result(spec)
    started = time.monotonic()
    timeout = (60.0 if spec.long else 10.0) * args.timeout_multiplier
    budget_ms = int(max(timeout - 2.0, timeout * 0.8) * 1000)
    try:
        bundle, line_map = build_bundle(args.wpt, spec, budget_ms)
    except (OSError, FileNotFoundError) as e:
        result.harness = "CRASH"
        result.harness_message = "cannot build the test bundle: %s" % e
        return result
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", spec.key) + ".bundle.js"
    path = os.path.join(tmpdir, name)
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(bundle)

    with tempfile.TemporaryFile(dir=tmpdir) as err:
        proc = subprocess.Popen([args.nanojs, "run", "--script", path], stdout=subprocess.PIPE,
                                stderr=err, stdin=subprocess.DEVNULL, cwd=tmpdir)
        state = {"timed_out": False, "completed": False}

        def kill(reason):
            if proc.poll() is None:
                state[reason] = True
                proc.kill()

        killer = threading.Timer(timeout, kill, ("timed_out",))
        killer.daemon = True
        killer.start()
        grace = None
        try:
            for raw in proc.stdout:
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                at = line.find(MARK)  # console.group() may indent it
                if at < 0:
                    result.output.append(line)
                    continue
                line = line[at:]
                try:
                    record = json.loads(line[len(MARK):])
                except ValueError:
                    result.output.append(line)
                    continue
                if record["type"] == "result":
                    sub = sanitize(record["name"])
                    status = SUBTEST_STATUS.get(record["status"], "FAIL")
                    if sub in result.subtests:
                        status = worse(status, result.subtests[sub])
                    result.subtests[sub] = status
                    if status != "PASS":
                        result.messages[sub] = map_locations(sanitize(record.get("message")), name, line_map)
                        result.stacks[sub] = map_locations(sanitize(record.get("stack")), name, line_map)
                elif record["type"] == "harness-timeout":
                    state["harness_timeout"] = True
                elif record["type"] == "complete":
                    result.harness = HARNESS_STATUS.get(record["status"], "ERROR")
                    msg = record.get("message")
                    result.harness_message = map_locations(sanitize(msg), name, line_map) if msg else None
                    if not msg and state.get("harness_timeout"):
                        result.harness_message = "tests still pending after %gs" % (budget_ms / 1000.0)
                    state["completed"] = True
                    # The reporter exits the process; don't wait on stray timers.
                    grace = threading.Timer(3.0, kill, ("grace",))
                    grace.daemon = True
                    grace.start()
            proc.wait()
        finally:
            killer.cancel()
            if grace:
                grace.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err.seek(0)
        result.stderr = map_locations(err.read().decode("utf-8", errors="replace"), name, line_map)
    result.exit_code = proc.returncode
    result.duration = time.monotonic() - started
    signal_name = describe_signal(proc.returncode)

    if state["completed"] and signal_name and not state.get("grace"):
        result.harness = "CRASH"
        result.harness_message = "nanojs died of %s after the harness completed" % signal_name

    if not state["completed"]:
        lines = [l.strip() for l in result.stderr.splitlines() if l.strip()]
        errors = [l for l in lines if re.match(r"^(Uncaught|\w*Error\b|nanojs:)", l)]
        tail = one_line(errors[0] if errors else lines[-1] if lines else "", 300)
        if state["timed_out"]:
            result.harness = "PROCESS_TIMEOUT"
            result.harness_message = "nanojs killed after %gs" % timeout
        elif proc.returncode != 0:
            result.harness = "CRASH"
            result.harness_message = "nanojs %s: %s" % (
                "died of " + signal_name if signal_name else "exited with %d" % proc.returncode, tail)
        else:
            result.harness = "INCOMPLETE"
            result.harness_message = "nanojs exited before the harness completed" + (": " + tail if tail else "")
    if not args.keep:
        try:
            os.unlink(path)
        except OSError:
            pass
    return result


# ---------------------------------------------------------------- expectations


def load_expectations(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_expectations(path, data):
    ordered = {key: data[key] for key in sorted(data)}
    for entry in ordered.values():
        if isinstance(entry.get("fail"), dict):
            entry["fail"] = {k: entry["fail"][k] for k in sorted(entry["fail"])}
    text = json.dumps(ordered, indent=2, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write(sanitize(text) + "\n")


def skip_reason(expectations, spec):
    """A "skip" for the file+variant, the file, or any parent directory ("dir/")."""
    candidates = [spec.key, spec.rel]
    parts = spec.rel.split("/")[:-1]
    for i in range(len(parts), 0, -1):
        candidates.append("/".join(parts[:i]) + "/")
    for key in candidates:
        entry = expectations.get(key)
        if isinstance(entry, dict) and "skip" in entry:
            return entry["skip"]
    return None


def evaluate(result, entry):
    """(unexpected failures, unexpected passes) as lists of text lines."""
    unexpected, passes = [], []
    expected_fail = entry.get("fail", {})
    flaky = entry.get("flaky", {})
    if result.harness != "OK":
        if "harness" not in entry:
            unexpected.append("harness %s: %s" % (result.harness, one_line(result.harness_message, 300)))
    elif "harness" in entry:
        passes.append("harness is OK now (expected: %s)" % entry["harness"])
    if result.process_failed:
        return unexpected, passes
    for sub, status in result.subtests.items():
        if sub in flaky:
            continue
        if status != "PASS" and sub not in expected_fail:
            unexpected.append("%s %s: %s" % (status, json.dumps(sub, ensure_ascii=False),
                                              one_line(result.messages.get(sub), 300)))
        elif status == "PASS" and sub in expected_fail:
            passes.append("PASS %s" % json.dumps(sub, ensure_ascii=False))
    for sub in expected_fail:
        if sub not in result.subtests:
            passes.append("listed subtest did not run: %s" % json.dumps(sub, ensure_ascii=False))
    return unexpected, passes


def updated_entry(result, entry):
    new = {k: v for k, v in entry.items() if k not in ("fail", "harness")}
    old_fail = entry.get("fail", {})
    if result.harness != "OK":
        new["harness"] = entry.get("harness") or "TODO: %s: %s" % (
            result.harness, one_line(result.harness_message, 120))
    fails = dict(old_fail) if result.process_failed else {}
    for sub, status in result.subtests.items():
        if status != "PASS" and sub not in entry.get("flaky", {}):
            fails[sub] = old_fail.get(sub) or "TODO: %s: %s" % (status, one_line(result.messages.get(sub), 120))
    if fails:
        new["fail"] = fails
    return new


# ---------------------------------------------------------------- reporting


class AreaStats:
    def __init__(self):
        self.files = 0
        self.skipped = 0
        self.not_runnable = 0
        self.subtests = 0
        self.passed = 0
        self.failed = 0
        self.timeout = 0
        self.notrun = 0
        self.harness_errors = 0
        self.unexpected = 0
        self.unexpected_passes = 0

    def add(self, result, entry):
        self.files += 1
        names = set(result.subtests)
        if result.process_failed:
            names |= set(entry.get("fail", {}))
        if result.harness != "OK":
            self.harness_errors += 1
        for sub in names:
            status = "FAIL" if result.process_failed else result.subtests[sub]
            self.subtests += 1
            if status == "PASS":
                self.passed += 1
            elif status == "TIMEOUT":
                self.timeout += 1
            elif status == "NOTRUN":
                self.notrun += 1
            else:
                self.failed += 1

    def rate(self):
        return 100.0 * self.passed / self.subtests if self.subtests else 100.0

    def line(self, name):
        text = "%s: %d/%d runnable subtests pass (%.1f%%)" % (name, self.passed, self.subtests, self.rate())
        extra = ["%d file%s" % (self.files, "" if self.files == 1 else "s")]
        if self.harness_errors:
            extra.append("%d with harness errors" % self.harness_errors)
        if self.skipped:
            extra.append("%d skipped" % self.skipped)
        if self.not_runnable:
            extra.append("%d not runnable without a window" % self.not_runnable)
        return text + " [" + ", ".join(extra) + "]"

    def as_dict(self):
        d = dict(self.__dict__)
        d["pass_rate"] = round(self.rate(), 2)
        return d


def cmake_areas(path):
    """The NANO_WPT_AREAS list of tests/wpt/CMakeLists.txt."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"set\(NANO_WPT_AREAS\s+([^)]*)\)", f.read())
    if not m:
        raise SystemExit("run_wpt: no NANO_WPT_AREAS list in %s" % path)
    return [a for a in m.group(1).split() if not a.startswith("#")]


def area_of(target):
    return target.strip("/")


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Run Web Platform Tests under nanojs.")
    parser.add_argument("targets", nargs="*", metavar="PATH",
                        help="areas (directories) or test files, relative to the WPT root "
                             "(default: the NANO_WPT_AREAS list in CMakeLists.txt)")
    parser.add_argument("--nanojs", default=os.environ.get("NANOJS", "nanojs"), help="nanojs binary")
    parser.add_argument("--wpt", default=os.environ.get("NANO_WPT_DIR") or os.path.join(
        here, "..", "..", ".cache", "deps", "src", "node", "test", "fixtures", "wpt"), help="WPT checkout root")
    parser.add_argument("--expectations", default=os.path.join(here, "expectations.json"))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail on unexpected results (default)")
    mode.add_argument("--update", action="store_true", help="rewrite expectations from this run")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="files run concurrently (default 2)")
    parser.add_argument("--summary", help="write a JSON summary to this file")
    parser.add_argument("--timeout-multiplier", type=float, default=1.0)
    parser.add_argument("--include-skipped", action="store_true", help="also run files marked skip")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every subtest")
    parser.add_argument("--keep", action="store_true", help="keep the generated bundles (prints where)")
    args = parser.parse_args(argv)
    if not args.targets:
        args.targets = cmake_areas(os.path.join(here, "CMakeLists.txt"))

    if not args.wpt or not os.path.isfile(os.path.join(args.wpt, "resources", "testharness.js")):
        parser.error("--wpt must point at a WPT checkout with resources/testharness.js")
    args.wpt = os.path.abspath(args.wpt)
    nanojs = shutil.which(args.nanojs) or args.nanojs
    if not os.path.isfile(nanojs):
        parser.error("nanojs binary not found: %s" % args.nanojs)
    args.nanojs = os.path.abspath(nanojs)

    expectations = load_expectations(args.expectations)
    stats = {}
    queue = []  # (area, spec)
    skipped = []
    for target in args.targets:
        area = area_of(target)
        if os.path.isfile(os.path.join(args.wpt, area)):
            area = posixpath.dirname(area) or area
        area_stats = stats.setdefault(area, AreaStats())
        specs, not_runnable = discover(args.wpt, target)
        area_stats.not_runnable += len(not_runnable)
        for spec in specs:
            reason = skip_reason(expectations, spec)
            if reason is not None and not args.include_skipped:
                area_stats.skipped += 1
                skipped.append((spec.key, reason))
                continue
            queue.append((area, spec))

    tmpdir = tempfile.mkdtemp(prefix="nano-wpt-")
    results = {}
    print_lock = threading.Lock()
    failures, unexpected_passes = {}, {}

    def finish(area, result):
        spec = result.spec
        entry = expectations.get(spec.key, {})
        unexpected, passes = evaluate(result, entry)
        with print_lock:
            total = len(result.subtests)
            passed = sum(1 for s in result.subtests.values() if s == "PASS")
            clean = result.harness == "OK" and passed == total
            print("%-4s %s  %d/%d pass, harness %s%s (%.1fs)" % (
                "FAIL" if unexpected else "ok", spec.key, passed, total, result.harness,
                "" if clean or unexpected else ", as expected", result.duration))
            limit = None if args.verbose else 12
            for line in unexpected[:limit]:
                print("       unexpected: " + line)
            if limit and len(unexpected) > limit:
                print("       ... and %d more unexpected results (--verbose lists all)" % (len(unexpected) - limit))
            for line in passes[:limit]:
                print("       unexpected pass: update expectations: " + line)
            if limit and len(passes) > limit:
                print("       ... and %d more unexpected passes (--verbose lists all)" % (len(passes) - limit))
            if args.verbose:
                for sub, status in result.subtests.items():
                    print("       %-8s %s" % (status, sub))
                    if status != "PASS" and result.messages.get(sub):
                        print("                " + one_line(result.messages[sub], 400))
            if (unexpected or args.verbose) and result.process_failed:
                out = "\n".join(result.output[-10:])
                if out:
                    print("       stdout (last lines):\n" + "\n".join("         " + l for l in out.splitlines()))
                err = "\n".join(result.stderr.strip().splitlines()[-15:])
                if err:
                    print("       stderr (last lines):\n" + "\n".join("         " + l for l in err.splitlines()))
            sys.stdout.flush()
        if unexpected:
            failures[spec.key] = unexpected
        if passes:
            unexpected_passes[spec.key] = passes
        results[spec.key] = (area, result, entry)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_spec, args, spec, tmpdir): area for area, spec in queue}
            for future in concurrent.futures.as_completed(futures):
                finish(futures[future], future.result())
    finally:
        if args.keep:
            print("bundles kept in %s" % tmpdir)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)

    for key, reason in skipped:
        if args.verbose:
            print("skip %s: %s" % (key, reason))

    totals = AreaStats()
    for key in sorted(results):
        area, result, entry = results[key]
        stats[area].add(result, entry)
    print()
    for area in stats:
        s = stats[area]
        s.unexpected = sum(1 for k in failures if results[k][0] == area)
        s.unexpected_passes = sum(1 for k in unexpected_passes if results[k][0] == area)
        print(s.line(area))
        for field in totals.__dict__:
            setattr(totals, field, getattr(totals, field) + getattr(s, field))
    print("wpt: %d/%d runnable subtests pass (%.1f%%) in %d file(s) (%d skipped); "
          "%d files with unexpected failures, %d with unexpected passes" % (
              totals.passed, totals.subtests, totals.rate(), totals.files, totals.skipped,
              len(failures), len(unexpected_passes)))

    if failures:
        print("files with unexpected results (update tests/wpt/expectations.json or fix the runtime):")
        for key in sorted(failures):
            print("  " + key)

    if args.update:
        run_keys = {key for key in results}
        for key in run_keys:
            _, result, entry = results[key]
            new = updated_entry(result, entry)
            if new:
                expectations[key] = new
            else:
                expectations.pop(key, None)
        # Entries whose test file is gone, under the directories just run.
        run_dirs = [area_of(t) for t in args.targets if os.path.isdir(os.path.join(args.wpt, area_of(t)))]
        for key in list(expectations):
            rel = key.split("?", 1)[0]
            if rel.endswith("/") or not any(rel.startswith(d + "/") for d in run_dirs):
                continue
            if not os.path.isfile(os.path.join(args.wpt, rel)):
                del expectations[key]
        save_expectations(args.expectations, expectations)
        print("updated %s" % args.expectations)

    if args.summary:
        summary = {
            "areas": {area: s.as_dict() for area, s in stats.items()},
            "totals": totals.as_dict(),
            "unexpected_failures": failures,
            "unexpected_passes": unexpected_passes,
            "files": {
                key: {
                    "harness": r.harness,
                    "harness_message": r.harness_message,
                    "duration": round(r.duration, 3),
                    "subtests": r.subtests,
                    "messages": r.messages,
                }
                for key, (_, r, _) in sorted(results.items())
            },
            "skipped": dict(skipped),
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.summary)), exist_ok=True)
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(sanitize(json.dumps(summary, indent=2, ensure_ascii=False)) + "\n")

    if args.update:
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
