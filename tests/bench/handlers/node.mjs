// Node: serves app.mjs through a small adapter, node:http request -> Request ->
// app.fetch -> Response -> node:http response. Kept as direct as an adapter can be:
// a body that fits in one chunk is sent with content-length, a longer one is
// streamed chunk by chunk with backpressure (chunked transfer encoding).
import http from "node:http";
import { Readable } from "node:stream";
import app from "./app.mjs";

const host = process.env.BENCH_HOST ?? "127.0.0.1";
const port = Number(process.env.BENCH_PORT ?? 8787);

function toRequest(req) {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const init = { method: req.method, headers };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = Readable.toWeb(req);
    init.duplex = "half";
  }
  return new Request(`http://${req.headers.host ?? `${host}:${port}`}${req.url}`, init);
}

// true once the socket drained, false if the client went away first.
function drained(res) {
  return new Promise((resolve) => {
    const done = (ok) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

async function send(res, response) {
  const head = [];
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") head.push(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) head.push("set-cookie", cookie);
  if (response.body === null) {
    res.writeHead(response.status, response.statusText || undefined, head);
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  });
  const first = await reader.read();
  const second = first.done ? first : await reader.read();
  if (second.done) {
    const body = first.done ? new Uint8Array(0) : first.value;
    head.push("content-length", String(body.byteLength));
    res.writeHead(response.status, response.statusText || undefined, head);
    res.end(body);
    return;
  }
  res.writeHead(response.status, response.statusText || undefined, head);
  res.write(first.value);
  let chunk = second;
  while (!chunk.done) {
    if (!res.write(chunk.value) && !(await drained(res))) {
      await reader.cancel();
      return;
    }
    chunk = await reader.read();
  }
  res.end();
}

const server = http.createServer(async (req, res) => {
  try {
    await send(res, await app.fetch(toRequest(req)));
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(port, host, () => console.log(`Listening on http://${host}:${port}/`));
