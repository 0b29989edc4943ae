#!/usr/bin/env python3
"""The Debian package: built with CPack from this build, unpacked into a temp
dir, and run from there. Its executables must find the bundled libnode through
their RUNPATH (nothing points into the build or the bootstrap cache), nanojs
must run and serve, and the workbench must start offscreen and draw.

Usage: package_test.py BUILD_DIR
"""
import glob
import os
import subprocess
import sys
import tempfile
import urllib.request

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def main(build):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["cpack", "--config", os.path.join(build, "CPackConfig.cmake"), "-G", "DEB", "-B", tmp],
                             capture_output=True, text=True, timeout=600)
        debs = glob.glob(os.path.join(tmp, "*.deb"))
        check(out.returncode == 0 and len(debs) == 1, f"cpack built one .deb ({out.stderr.strip()[-300:]})")
        if not debs:
            sys.exit(1)
        info = subprocess.run(["dpkg-deb", "-I", debs[0]], capture_output=True, text=True).stdout
        check("libqt6widgets6" in info and "libuv1" in info, "the package depends on Qt 6 and libuv")
        root = os.path.join(tmp, "root")
        subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
        bin_dir = os.path.join(root, "usr", "bin")
        for exe in ("nanojs", "nano-workbench"):
            path = os.path.join(bin_dir, exe)
            dynamic = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
            runpath = [line for line in dynamic.splitlines() if "RUNPATH" in line or "RPATH" in line]
            check(runpath and all("$ORIGIN/../lib/nano" in line and ".cache" not in line and build not in line
                                  for line in runpath), f"{exe}'s RUNPATH is relative: {runpath}")
        check(os.path.exists(os.path.join(root, "usr", "lib", "nano", "libnode.so.108")), "libnode.so.108 is bundled")
        check(os.path.exists(os.path.join(root, "usr", "share", "applications", "nano-workbench.desktop")),
              "the .desktop file is installed")

        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        nanojs = os.path.join(bin_dir, "nanojs")
        result = subprocess.run([nanojs, "eval", "console.log(new URL('b', 'http://a/').href, typeof crypto.subtle)"],
                                capture_output=True, text=True, timeout=30, env=env)
        check(result.returncode == 0 and result.stdout.strip() == "http://a/b object",
              f"the packaged nanojs runs ({result.stdout.strip()!r} {result.stderr.strip()[:200]!r})")
        ldd = subprocess.run(["ldd", nanojs], capture_output=True, text=True, env=env).stdout
        node_line = [line for line in ldd.splitlines() if "libnode" in line]
        check(node_line and os.path.join(root, "usr", "lib", "nano") in os.path.realpath(node_line[0].split("=>")[1].split()[0]),
              f"libnode resolves inside the package: {node_line}")

        example = os.path.join(root, "usr", "share", "nano", "examples", "serve_hello.mjs")
        server = subprocess.Popen([nanojs, "serve", example, "--host", "127.0.0.1", "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        try:
            line = server.stdout.readline().decode()
            port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                check(response.status == 200, f"the packaged nanojs serves its example ({response.status})")
        finally:
            server.terminate()
            server.wait(20)

        shots = os.path.join(tmp, "shots")
        wb_env = dict(env, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                      XDG_DATA_HOME=os.path.join(tmp, "data"))
        result = subprocess.run([os.path.join(bin_dir, "nano-workbench"), "--example", "hello", "--load", "5",
                                 "--screenshot-dir", shots, "--quit-after", "3000"],
                                capture_output=True, text=True, timeout=120, env=wb_env)
        pictures = glob.glob(os.path.join(shots, "*.png"))
        check(result.returncode == 0 and len(pictures) >= 5,
              f"the packaged workbench starts offscreen and saves {len(pictures)} screenshots "
              f"(exit {result.returncode}; {result.stderr.strip()[-300:]!r})")
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all ok")


if __name__ == "__main__":
    main(sys.argv[1])
