// Hello: the smallest handler, a JSON greeting that names the method and path.
// workbench-load: / /hello?name=nano /slow
//
// Run it headless too: nanojs serve resources/examples/workbench_hello.mjs --port 8787
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/slow") await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(`${request.method} ${url.pathname}${url.search}`);
    return Response.json({
      hello: url.searchParams.get("name") ?? "world",
      method: request.method,
      path: url.pathname,
    });
  },
};
