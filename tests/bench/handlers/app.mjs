// The handler every runtime serves in bench/http.py (Workers-style module).
// http.py copies this file to a temporary folder and replaces __UPSTREAM__ with
// the URL of the local upstream server of the fetch-proxy case.
const UPSTREAM = "__UPSTREAM__";
const CHUNK = 64 * 1024;
const STREAM_CHUNKS = 16; // 1 MiB
const DATA = { id: 42, name: "nano", tags: ["a", "b", "c"], ok: true, nested: { x: 1.5, y: null } };

function streamed() {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      // A fresh chunk each time: a runtime may take ownership of what is enqueued.
      controller.enqueue(new Uint8Array(CHUNK));
      if (++sent === STREAM_CHUNKS) controller.close();
    },
  });
}

export default {
  async fetch(request) {
    // The path without parsing the whole URL (the same cheap work everywhere).
    const url = request.url;
    const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
    switch (path) {
      case "/hello":
        return new Response("Hello, world!\n", { headers: { "content-type": "text/plain" } });
      case "/json":
        return Response.json(DATA);
      case "/stream":
        return new Response(streamed(), { headers: { "content-type": "application/octet-stream" } });
      case "/proxy": {
        const upstream = await fetch(UPSTREAM);
        return new Response(upstream.body, {
          status: upstream.status,
          headers: { "content-type": upstream.headers.get("content-type") ?? "text/plain" },
        });
      }
      default:
        return new Response("not found\n", { status: 404 });
    }
  },
};
