// Streaming both ways with backpressure:
//   nanojs serve resources/examples/serve_stream.mjs
//   curl http://127.0.0.1:8787/count?to=100000 | tail -1     (a body made while the client reads)
//   curl --data-binary @some-file http://127.0.0.1:8787/upper  (the request body, transformed)
//   curl -N http://127.0.0.1:8787/clock                      (one line a second, five times)
const encoder = new TextEncoder();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/count") {
      // pull() runs only when the socket has room: a slow client slows the producer.
      const to = Number(url.searchParams.get("to") ?? 1000);
      let n = 0;
      const body = new ReadableStream({
        pull(controller) {
          let lines = "";
          for (let i = 0; i < 1000 && n < to; i++) lines += `${++n}\n`;
          controller.enqueue(encoder.encode(lines));
          if (n >= to) controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain" } });
    }
    if (url.pathname === "/upper" && request.body) {
      // The upload is read as it arrives and answered as it is read.
      const upper = new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(encoder.encode(new TextDecoder().decode(chunk, { stream: true }).toUpperCase()));
        },
      });
      return new Response(request.body.pipeThrough(upper));
    }
    if (url.pathname === "/clock") {
      let ticks = 0;
      const body = new ReadableStream({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, ticks === 0 ? 0 : 1000));
          controller.enqueue(encoder.encode(`${new Date().toISOString()}\n`));
          if (++ticks === 5) controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain" } });
    }
    return new Response("try /count, /upper (POST) or /clock\n", { status: 404 });
  },
};
