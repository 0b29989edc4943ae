// A first handler for `nanojs serve`:
//   nanojs serve resources/examples/serve_hello.mjs
//   curl http://127.0.0.1:8787/            curl http://127.0.0.1:8787/json?name=you
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/":
        return new Response(`Hello from NANO ${nano.version.nano}!\n`);
      case "/json":
        return Response.json({
          hello: url.searchParams.get("name") ?? "world",
          method: request.method,
          userAgent: request.headers.get("user-agent"),
          env,
        });
      case "/later": {
        // Answer now, keep working afterwards: the request stays open until this settles.
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 100)).then(() => console.log("done later")));
        return new Response("scheduled\n", { status: 202 });
      }
      default:
        return new Response("Not found\n", { status: 404 });
    }
  },
};
