// The upstream of the fetch-proxy case: a plain node:http server with a fixed
// body. Prints "Listening on http://HOST:PORT/" once bound.
import http from "node:http";

const BODY = Buffer.from("upstream says hello, " + "x".repeat(64) + "\n");
const host = process.env.BENCH_HOST ?? "127.0.0.1";
const port = Number(process.env.BENCH_PORT ?? 0);

const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${server.address().port}/`);
});
