// Served by test_request_attribution.py with --telemetry. /work does its work
// after awaits, in a timer, in a crypto job and in a fetch to /upstream, so
// every record it causes must still name its request.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/upstream") return new Response("u".repeat(4096));
    if (url.pathname === "/stuck-read") {
      // A read that waits: a pending "stream.read" promise until the timer enqueues.
      let controller;
      const stream = new ReadableStream({ start(c) { controller = c; } });
      setTimeout(() => { controller.enqueue("late"); controller.close(); }, 50);
      const { value } = await stream.getReader().read();
      return new Response(value);
    }
    if (url.pathname === "/big") {
      // 8 MB answered at once: it waits in native buffers until the client reads it.
      return new Response(new Uint8Array(8 << 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    let spin = 0;
    await new Promise((resolve) => setTimeout(() => {
      // 50 ms of CPU spent in a timer callback (busy, so wall time ~ CPU time).
      const until = performance.now() + 50;
      while (performance.now() < until) spin++;
      resolve();
    }, 1));
    const upstream = await fetch(`http://127.0.0.1:${url.port}/upstream`);
    const text = await upstream.text();
    // 1 MiB: big enough for the threadpool.
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text.repeat(256)));
    // Tens of milliseconds on the threadpool: pending long enough to be published.
    const password = await crypto.subtle.importKey("raw", new TextEncoder().encode(text), "PBKDF2", false,
      ["deriveBits"]);
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(16), iterations: 300000 },
      password, 256);
    const buffer = new ArrayBuffer(200000);
    const stream = new ReadableStream({ start(c) { c.enqueue("x"); c.close(); } });
    await stream.getReader().read();
    return new Response(`${text.length} ${digest.byteLength} ${buffer.byteLength} ${spin > 0}`);
  },
};
