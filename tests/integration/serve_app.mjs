// The handler behind tests/integration/serve_test.py: one route per behaviour.
let invocations = 0;   // fetch() calls: requests the transport rejects must not count
let pulls = 0;         // pulls of the /stream body (backpressure is visible here)
let waited = "pending";

function bytesOf(n, seed = 0) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i + seed) & 0xff;
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  async fetch(request, env, ctx) {
    invocations++;
    const url = new URL(request.url);
    const q = url.searchParams;
    switch (url.pathname) {
      case "/":
        return new Response("Hello, world!\n");
      case "/header-back":
        return new Response("", {
          headers: [["x-back", request.headers.get("x-bytes") ?? ""], ["set-cookie", "a=1"], ["x-more", "2"],
            ["set-cookie", "b=2"]],
        });
      case "/json":
        return Response.json({ ok: true, method: request.method, env });
      case "/headers": {
        // The Headers object is made on first use: the same object every
        // time, immutable, and copied by clone() and new Request().
        const headers = request.headers;
        let immutable = false;
        try {
          headers.set("x-new", "1");
        } catch (error) {
          immutable = error instanceof TypeError;
        }
        const copied = [...request.clone().headers].length === [...headers].length &&
          new Request(request).headers.get("host") === headers.get("host");
        return Response.json({
          method: request.method, url: request.url, headers: [...headers],
          same: request.headers === headers, immutable, copied,
        });
      }
      case "/echo":
        return new Response(request.body, { headers: { "content-type": "application/octet-stream" } });
      case "/length": {
        // Reads the body in full; answers its size and a checksum (after
        // ?wait=ms, while the body fills the transport's queue and the socket).
        if (q.has("wait")) await sleep(Number(q.get("wait")));
        const bytes = new Uint8Array(await request.arrayBuffer());
        let sum = 0;
        for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]) % 65521;
        return Response.json({ length: bytes.length, sum });
      }
      case "/stream": {
        // n bytes in chunks made on demand: the response's pulls are counted.
        const total = Number(q.get("n") ?? 1048576);
        const chunk = Number(q.get("chunk") ?? 65536);
        let sent = 0;
        const body = new ReadableStream({
          pull(controller) {
            pulls++;
            const size = Math.min(chunk, total - sent);
            controller.enqueue(bytesOf(size, sent));
            sent += size;
            if (sent >= total) controller.close();
          },
        }, { highWaterMark: 0 });
        return new Response(body, { headers: { "content-type": "application/octet-stream" } });
      }
      case "/pulls":
        return Response.json({ pulls });
      case "/count":
        return Response.json({ invocations });
      case "/sleep": {
        await sleep(Number(q.get("ms") ?? 100));
        return new Response(`slept ${q.get("tag") ?? ""}\n`);
      }
      case "/throw":
        throw new Error("handler failure on purpose");
      case "/throw-sync":
        return (() => { throw new TypeError("synchronous failure on purpose"); })();
      case "/not-a-response":
        return { status: 200, body: "nope" };
      case "/loop":
        for (;;) {}
      case "/loop-later":
        await sleep(10);
        for (;;) {}
      case "/spin": {
        // Busy for ms milliseconds: CPU time the telemetry must attribute to this request.
        const until = Date.now() + Number(q.get("ms") ?? 50);
        while (Date.now() < until) {}
        return new Response("spun\n");
      }
      case "/hog": {
        const keep = [];
        for (;;) keep.push(new Array(10000).fill(keep.length));
      }
      case "/wait-until":
        waited = "pending";
        ctx.waitUntil(sleep(200).then(() => { waited = "done"; }));
        return new Response("scheduled\n");
      case "/wait-until-state":
        return new Response(waited);
      case "/abort-signal": {
        // Resolves when the client goes away.
        const seen = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve("aborted")));
        const result = await Promise.race([seen, sleep(3000).then(() => "timeout")]);
        globalThis.lastAbort = result;
        return new Response(result);
      }
      case "/last-abort":
        return new Response(String(globalThis.lastAbort));
      case "/status":
        return new Response(null, { status: Number(q.get("code") ?? 204) });
      case "/stream-error": {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("partial"));
            setTimeout(() => controller.error(new Error("stream failed on purpose")), 20);
          },
        });
        return new Response(body);
      }
      default:
        return new Response("not found\n", { status: 404 });
    }
  },
};
