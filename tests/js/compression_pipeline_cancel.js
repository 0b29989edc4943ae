// Cancelling the end of a TextEncoderStream -> CompressionStream ->
// DecompressionStream -> TextDecoderStream chain fed by an endless source:
// the cancel reason travels up every pipe to the source, and nothing else
// (no internal error) reaches it.
import { assert } from "./fixtures/assert.mjs";

async function main() {
  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    let cancelReason;
    let pulls = 0;
    const endless = new ReadableStream({
      pull(controller) {
        pulls++;
        controller.enqueue(`chunk ${pulls} `.repeat(100));
      },
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const reader = endless.pipeThrough(new TextEncoderStream()).pipeThrough(new CompressionStream(format))
      .pipeThrough(new DecompressionStream(format)).pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    while (received.length < 100000) {
      const { value, done } = await reader.read();
      assert(!done, "endless source");
      received += value;
    }
    assert(received.startsWith("chunk 1 chunk 1 "), "chain output starts with the first chunk");
    await reader.cancel("enough");
    for (let i = 0; i < 20 && cancelReason === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    assert(cancelReason === "enough", `${format}: the source sees the cancel reason (got ${cancelReason})`);
    console.log(`${format}: cancel reached the source`);
  }
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
