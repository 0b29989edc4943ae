// Blob and File: construction from mixed parts, types, line endings, slicing,
// reading, streaming, WebIDL behaviour and console output.
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}
const show = (bytes) => Array.from(bytes).join(",");

(async () => {
  // Mixed parts: strings (UTF-8), buffers, views (partial), DataView, Blobs.
  const buffer = new Uint8Array([65, 66, 67, 68, 69, 70]).buffer;
  const parts = [
    "héllo ",
    buffer,
    new Uint8Array(buffer, 2, 3),
    new DataView(buffer, 4, 2),
    new Uint16Array([0x4948]),
    new Blob(["[inner]"]),
    42,
    { toString() { return "!"; } },
  ];
  const blob = new Blob(parts, { type: "Text/Plain;Charset=UTF-8" });
  console.log(blob.size, JSON.stringify(blob.type));
  console.log(JSON.stringify(await blob.text()));
  console.log(blob);

  // Views and buffers are copied at construction; later writes do not show.
  const source = new Uint8Array([1, 2, 3]);
  const copied = new Blob([source, source.buffer]);
  source[0] = 99;
  console.log("copied:", show(await copied.bytes()));

  // Lone surrogates become U+FFFD (USVString); endings: "native" converts to \n.
  console.log(show(await new Blob(["\uD800"]).bytes()));
  console.log(JSON.stringify(await new Blob(["a\r\nb\rc\nd"], { endings: "native" }).text()));
  console.log(JSON.stringify(await new Blob(["a\r\nb\rc\nd"]).text()));

  // Types: printable ASCII lower-cased, anything else is "".
  for (const type of ["IMAGE/PNG", "text/plain; charset=UTF-8", "bad\u00e9", "tab\there", " spaced "]) {
    console.log(JSON.stringify(type), "->", JSON.stringify(new Blob([], { type }).type));
  }

  // slice: negative indexes count from the end, values are clamped, start > end is empty.
  const letters = new Blob(["abc", "def", new Blob(["ghij"])]);
  const cases = [[], [2], [-3], [1, -1], [-100, 3], [4, 2], [8, 100], [2, 9], [0, 0]];
  for (const args of cases) {
    const piece = letters.slice(...args);
    console.log(`slice(${args.join(", ")})`, piece.size, JSON.stringify(await piece.text()));
  }
  const typed = letters.slice(0, 3, "Application/JSON");
  console.log(JSON.stringify(typed.type), JSON.stringify(letters.slice(0, 3).type),
    JSON.stringify(letters.slice(0, 3, "\u0100").type));
  // Slices of slices.
  console.log(JSON.stringify(await letters.slice(2, 9).slice(1, -1).slice(2).text()));

  // text() decodes UTF-8 with replacement and strips a BOM; bytes() and arrayBuffer() copy.
  console.log(JSON.stringify(await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62])]).text()));
  // A multi-byte character split across parts decodes as one.
  console.log(JSON.stringify(await new Blob([new Uint8Array([0xe2, 0x82]), new Uint8Array([0xac])]).text()));
  const bytes = await letters.bytes();
  const arrayBuffer = await letters.arrayBuffer();
  console.log(bytes.constructor.name, bytes.length, arrayBuffer.constructor.name, arrayBuffer.byteLength);
  bytes[0] = 0;
  console.log("unchanged:", JSON.stringify(await letters.slice(0, 1).text()));

  // stream(): a byte stream of the content.
  const reader = letters.stream().getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(new TextDecoder().decode(value));
  }
  console.log("stream:", JSON.stringify(chunks.join("")));
  const byob = new Blob(["0123456789"]).stream().getReader({ mode: "byob" });
  const first = await byob.read(new Uint8Array(4));
  console.log("byob:", new TextDecoder().decode(first.value));
  const empty = await new Blob().stream().getReader().read();
  console.log("empty stream done:", empty.done);

  // File
  const file = new File(["x", new Blob(["yz"])], "dir/na\uD800me.txt", { type: "TEXT/X", lastModified: 1234 });
  console.log(file.name === "dir/na\uFFFDme.txt", file.size, file.type, file.lastModified);
  console.log(file instanceof File, file instanceof Blob, Object.prototype.toString.call(file));
  console.log(file);
  const now = new File([], "now");
  console.log(Math.abs(now.lastModified - Date.now()) < 5000, new File([], "n", { lastModified: 42.9 }).lastModified);
  const fromFile = new Blob([file]);
  console.log(fromFile instanceof File, await fromFile.text(), file.slice(1) instanceof File);

  // WebIDL: conversions and brand checks.
  const errors = [
    () => new Blob("abc"),
    () => new Blob([], 5),
    () => new Blob([], { endings: "other" }),
    () => Blob(),
    () => new File(["a"]),
    () => new File("abc", "name"),
    () => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}),
    () => Object.getOwnPropertyDescriptor(File.prototype, "name").get.call(new Blob()),
    () => Blob.prototype.slice.call(new Uint8Array(2)),
  ];
  for (const f of errors) {
    try {
      f();
      console.log("no error");
    } catch (error) {
      console.log(`${error.name}: ${error.message}`);
    }
  }
  try {
    await Blob.prototype.text.call({});
  } catch (error) {
    console.log("text() rejects:", error.name);
  }
  console.log(Blob.length, File.length, Object.keys(Blob.prototype).join(), Object.keys(File.prototype).join());
  console.log(Object.getPrototypeOf(Blob.prototype) === Object.prototype, Object.getPrototypeOf(File) === Blob);
  console.log(Object.getOwnPropertyDescriptor(globalThis, "Blob").enumerable, String(new Blob()));

  // Subclasses keep their prototype.
  class MyBlob extends Blob {
    hello() { return `hello ${this.size}`; }
  }
  const mine = new MyBlob(["abcd"]);
  console.log(mine instanceof MyBlob, mine.hello());

  // Nested in other values for console.log.
  console.log({ list: [new Blob(["q"]), new File([], "f", { lastModified: 1 })] });

  // structuredClone: equal Blobs/Files, alone or nested; a repeated blob stays one object.
  const cloned = structuredClone(blob);
  console.log(cloned !== blob, cloned instanceof Blob, cloned.size === blob.size, cloned.type,
    (await cloned.text()) === (await blob.text()));
  const fileClone = structuredClone(file);
  console.log(fileClone instanceof File, fileClone.name === file.name, fileClone.lastModified,
    fileClone.type, await fileClone.text());
  const graph = structuredClone({ a: file, b: [file, blob.slice(0, 5)], m: new Map([["k", letters]]) });
  console.log(graph.a === graph.b[0], graph.a instanceof File, await graph.b[1].text(),
    await graph.m.get("k").text());
})().catch((error) => {
  console.error(error);
  nano.exit(1);
});
