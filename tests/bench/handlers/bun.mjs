// Bun: serves app.mjs with Bun.serve on the port/host given in the environment.
import app from "./app.mjs";

Bun.serve({
  hostname: process.env.BENCH_HOST ?? "127.0.0.1",
  port: Number(process.env.BENCH_PORT ?? 8787),
  fetch: (request) => app.fetch(request),
});
console.log("ready");
