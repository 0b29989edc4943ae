// pipeThrough chains: TextEncoderStream -> CompressionStream ->
// DecompressionStream -> TextDecoderStream for each format, with surrogate
// pairs split across input chunks; an error travelling down a chain.
import { assert } from "./fixtures/assert.mjs";
async function collect(readable) {
  const out = [];
  for await (const chunk of readable) out.push(chunk);
  return out;
}
function fromArray(chunks) {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function main() {
  // Text with emoji whose surrogate halves land in different chunks.
  let text = "";
  for (let i = 0; i < 2000; i++) text += `${i}: héllo wörld 🦊🚀 — ${"abc".repeat(i % 7)}\n`;
  const chunks = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + ((at * 7919) % 997);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  const splitPairs = chunks.filter((c) => /[\uD800-\uDBFF]$/.test(c)).length;
  assert(splitPairs >= 5, `some chunks end inside a surrogate pair (${splitPairs})`);

  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    const compressed = await collect(fromArray(chunks).pipeThrough(new TextEncoderStream())
      .pipeThrough(new CompressionStream(format)));
    const compressedLength = compressed.reduce((n, c) => n + c.length, 0);
    assert(compressedLength < text.length / 3, `${format}: compressed (${compressedLength})`);
    const output = await collect(fromArray(compressed).pipeThrough(new DecompressionStream(format))
      .pipeThrough(new TextDecoderStream()));
    assert(output.every((s) => typeof s === "string" && s.length > 0), `${format}: non-empty string chunks`);
    assert(output.join("") === text, `${format}: text survives the chain`);

    // The whole chain in one go.
    const direct = await collect(fromArray(chunks).pipeThrough(new TextEncoderStream())
      .pipeThrough(new CompressionStream(format)).pipeThrough(new DecompressionStream(format))
      .pipeThrough(new TextDecoderStream()));
    assert(direct.join("") === text, `${format}: one chain`);
    console.log(`${format}: ${text.length} characters through the chain`);
  }

  // Mismatched formats: the decompressor errors and the error reaches the end of the chain.
  try {
    await collect(fromArray(["hello"]).pipeThrough(new TextEncoderStream()).pipeThrough(new CompressionStream("gzip"))
      .pipeThrough(new DecompressionStream("deflate")).pipeThrough(new TextDecoderStream()));
    assert(false, "gzip data through a deflate decompressor should fail");
  } catch (error) {
    assert(error instanceof TypeError, `mismatched formats: ${error}`);
    console.log(`gzip into deflate: ${error.name}: ${error.message}`);
  }
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
