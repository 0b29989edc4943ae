// DecompressionStream errors: corrupt fields (the cases of WPT
// decompression-corrupt-input), truncated input, trailing data in the same or a
// later chunk, empty input, a preset dictionary; plus cancel/abort of both
// stream kinds, which must error the other side and free the codec.
import { checks, assert, assertEq } from "./fixtures/assert.mjs";

// Feeds the chunks and reports "success" (with the text), "error" (TypeError, with its
// message) or another error's name, the way WPT's tryDecompress does.
async function tryDecompress(format, chunks) {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  for (const chunk of chunks) writer.write(chunk).catch(() => {});
  writer.close().catch(() => {});
  const out = [];
  for (;;) {
    try {
      const { value, done } = await reader.read();
      if (done) break;
      out.push(...value);
    } catch (error) {
      if (error instanceof TypeError) return { result: "error", message: error.message };
      return { result: error.name, message: error.message };
    }
  }
  return { result: "success", text: String.fromCharCode(...out) };
}

const expectedText = "expected output";
const baseInput = {
  deflate: [120, 156, 75, 173, 40, 72, 77, 46, 73, 77, 81, 200, 47, 45, 41, 40, 45, 1, 0, 48, 173, 6, 36],
  gzip: [31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 173, 40, 72, 77, 46, 73, 77, 81, 200, 47, 45, 41, 40, 45, 1, 0, 176,
    1, 57, 179, 15, 0, 0, 0],
  "deflate-raw": [0x4b, 0xad, 0x28, 0x48, 0x4d, 0x2e, 0x49, 0x4d, 0x51, 0xc8, 0x2f, 0x2d, 0x29, 0x28, 0x2d, 0x01, 0x00],
};
// [format, field, offset, length, value, expected result]
const corruptions = [
  ["deflate", "CMF", 0, 1, 0, "error"],
  ["deflate", "FLG", 1, 1, 218, "success"],
  ["deflate", "FLG", 1, 1, 1, "success"],
  ["deflate", "FLG", 1, 1, 94, "success"],
  ["deflate", "FLG", 1, 1, 157, "error"],
  ["deflate", "DATA", 18, 1, 4, "success"],
  ["deflate", "DATA", 18, 1, 5, "error"],
  ["deflate", "ADLER", -4, 4, 255, "error"],
  ["gzip", "ID", 0, 2, 255, "error"],
  ["gzip", "CM", 2, 1, 0, "error"],
  ["gzip", "FLG", 3, 1, 1, "success"],
  ["gzip", "FLG", 3, 1, 2, "error"],
  ["gzip", "MTIME", 4, 4, 255, "success"],
  ["gzip", "XFL", 8, 1, 255, "success"],
  ["gzip", "OS", 9, 1, 128, "success"],
  ["gzip", "DATA", 26, 1, 3, "error"],
  ["gzip", "DATA", 26, 1, 4, "success"],
  ["gzip", "CRC", -8, 4, 0, "error"],
  ["gzip", "ISIZE", -4, 4, 1, "error"],
];

async function main() {
  for (const format of ["deflate", "gzip", "deflate-raw"]) {
    const base = baseInput[format];
    const ok = await tryDecompress(format, [new Uint8Array(base)]);
    assertEq(ok.result, "success", `${format}: unchanged input`);
    assertEq(ok.text, expectedText, `${format}: unchanged input text`);

    const truncated = await tryDecompress(format, [new Uint8Array(base.slice(0, -1))]);
    assertEq(truncated.result, "error", `${format}: truncated input`);
    console.log(`${format} truncated: ${truncated.message}`);
    // Truncated anywhere, in any chunking: a TypeError, never partial success.
    for (let cut = 0; cut < base.length; cut++) {
      const r = await tryDecompress(format, [new Uint8Array(base.slice(0, cut >> 1)), new Uint8Array(base.slice(cut >> 1, cut))]);
      assertEq(r.result, "error", `${format}: truncated to ${cut} bytes`);
    }

    // Trailing data: in the same chunk, in a later chunk, a second whole stream.
    const junk = await tryDecompress(format, [new Uint8Array([...base, 0])]);
    assertEq(junk.result, "error", `${format}: trailing junk`);
    console.log(`${format} trailing junk: ${junk.message}`);
    assertEq((await tryDecompress(format, [new Uint8Array(base), new Uint8Array(1)])).result, "error",
      `${format}: junk in the next chunk`);
    assertEq((await tryDecompress(format, [new Uint8Array(base), new Uint8Array(base)])).result, "error",
      `${format}: two streams in two chunks`);
    assertEq((await tryDecompress(format, [new Uint8Array([...base, ...base])])).result, "error",
      `${format}: two streams in one chunk`);
    // Empty chunks after the end are fine.
    assertEq((await tryDecompress(format, [new Uint8Array(base), new Uint8Array(0)])).result, "success",
      `${format}: an empty chunk after the end`);

    // Nothing at all is not a compressed stream.
    const empty = await tryDecompress(format, []);
    assertEq(empty.result, "error", `${format}: empty input`);
    assertEq((await tryDecompress(format, [new Uint8Array(0)])).result, "error", `${format}: one empty chunk`);
  }

  for (const [format, field, offset, length, value, expected] of corruptions) {
    const input = new Uint8Array(baseInput[format]);
    const start = offset < 0 ? input.length + offset : offset;
    input.fill(value, start, start + length);
    const r = await tryDecompress(format, [input]);
    assertEq(r.result, expected, `${format} field ${field} = ${value}`);
    if (r.result === "success") assertEq(r.text, expectedText, `${format} field ${field} = ${value}: text`);
    else console.log(`${format} ${field}=${value}: ${r.message}`);
  }

  // zlib.deflateSync(text, { dictionary }) from Node: preset dictionaries are not supported.
  const withDictionary = Uint8Array.from(atob("eLtrlQlZK8lIVQALK4DFFdLyKxQgMlwAjbQJ4w=="), (c) => c.charCodeAt(0));
  const dict = await tryDecompress("deflate", [withDictionary]);
  assertEq(dict.result, "error", "deflate with a preset dictionary");
  console.log(`dictionary: ${dict.message}`);

  // Garbage as deflate-raw: an invalid block type.
  const garbage = await tryDecompress("deflate-raw", [new Uint8Array([0xff, 0xff, 0xff, 0xff])]);
  assertEq(garbage.result, "error", "garbage raw deflate");
  console.log(`garbage: ${garbage.message}`);

  // After an error, writes reject and the readable stays errored.
  {
    const ds = new DecompressionStream("gzip");
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    const first = writer.write(new Uint8Array([1, 2, 3, 4]));
    const read = reader.read();
    let error;
    try {
      await first;
    } catch (e) {
      error = e;
    }
    assert(error instanceof TypeError, "a corrupt chunk rejects its write");
    try {
      await read;
      assert(false, "read should reject");
    } catch (e) {
      assertEq(e, error, "the read rejects with the same error");
    }
    try {
      await writer.write(new Uint8Array(baseInput.gzip));
      assert(false, "write after error should reject");
    } catch (e) {
      assertEq(e, error, "later writes reject with the stored error");
    }
  }

  // Cancel and abort, midway, in both stream kinds: the other side errors with the reason.
  for (const Stream of [CompressionStream, DecompressionStream]) {
    const stream = new Stream("gzip");
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const input = Stream === CompressionStream ? new Uint8Array(100000) : new Uint8Array(baseInput.gzip.slice(0, 20));
    const write = writer.write(input);
    await reader.read().catch(() => {});
    await write.catch(() => {});
    const reason = new Error("stop");
    await reader.cancel(reason);
    try {
      await writer.write(new Uint8Array(10));
      assert(false, `${Stream.name}: write after cancel should reject`);
    } catch (e) {
      assertEq(e, reason, `${Stream.name}: write after cancel rejects with the reason`);
    }

    const aborted = new Stream("deflate");
    const abortWriter = aborted.writable.getWriter();
    const abortReader = aborted.readable.getReader();
    const abortReason = new RangeError("abort");
    await abortWriter.abort(abortReason);
    try {
      await abortReader.read();
      assert(false, `${Stream.name}: read after abort should reject`);
    } catch (e) {
      assertEq(e, abortReason, `${Stream.name}: read after abort rejects with the reason`);
    }
  }

  // Many streams abandoned or cancelled midway: codecs are freed (a leak of
  // ~270 KB per compressor would exhaust memory long before the end).
  for (let i = 0; i < 3000; i++) {
    const cs = new CompressionStream("deflate");
    const writer = cs.writable.getWriter();
    const reader = cs.readable.getReader();
    const write = writer.write(new Uint8Array(64));
    await reader.read().catch(() => {});
    if (i % 2) await reader.cancel("done");
    await write.catch(() => {});
  }

  console.log(`${checks} checks passed`);
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
