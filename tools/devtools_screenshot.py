#!/usr/bin/env python3
"""Screenshot of Chrome DevTools paused in a handler, debugged from the workbench.

Starts NANO Workbench offscreen on the hello example with --break-on-request,
opens the DevTools front end that headless Chromium hosts on the workbench's
inspector target, sends one request (it pauses at the first statement of
fetch()), saves DevTools' picture, and checks that the response only came once
DevTools let go. A tool for the docs, not a test: it waits fixed times for
DevTools to load. Needs chromium (Debian: apt install chromium).

Usage: tools/devtools_screenshot.py BUILD_DIR OUT_DIR
"""
import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from inspector_cdp import Cdp  # noqa: E402 - the stdlib CDP client of the inspector tests


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(build, out):
    os.makedirs(out, exist_ok=True)
    serve_port, inspect_port, chrome_port = free_port(), free_port(), free_port()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    workbench = subprocess.Popen([os.path.join(build, "app", "nano-workbench"), "--example", "hello",
                                  "--port", str(serve_port), "--inspect-port", str(inspect_port),
                                  "--break-on-request", "--screenshot-dir", os.path.join(out, "workbench"),
                                  "--quit-after", "30000"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    chrome = None
    try:
        time.sleep(3)
        target = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{inspect_port}/json/list").read())[0]
        chrome = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", f"--remote-debugging-port={chrome_port}",
                                   "--window-size=1500,950", "--user-data-dir=" + os.path.join(out, "chromium-profile"),
                                   "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        front = f"http://127.0.0.1:{chrome_port}/devtools/js_app.html?ws=" + target["webSocketDebuggerUrl"][5:]
        page = json.loads(urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{chrome_port}/json/new?{front}", method="PUT")).read())
        devtools = Cdp(page["webSocketDebuggerUrl"])
        time.sleep(6)  # DevTools loads, attaches and enables the debugger
        answer = {}
        request = threading.Thread(target=lambda: answer.update(body=urllib.request.urlopen(
            f"http://127.0.0.1:{serve_port}/hello?name=devtools", timeout=60).read()))
        request.start()
        time.sleep(5)
        shot = devtools.call("Page.captureScreenshot", {"format": "png"})
        path = os.path.join(out, "devtools_paused.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"saved {path}; answered while paused: {'body' in answer}")
        chrome.terminate()
        chrome.wait(10)
        request.join(30)
        print(f"answer once DevTools left: {answer.get('body')}")
        return 0 if answer.get("body") else 1
    finally:
        if chrome and chrome.poll() is None:
            chrome.kill()
        workbench.wait(60)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
