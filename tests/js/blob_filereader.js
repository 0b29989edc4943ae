// FileReader: the four read methods, event order, abort, a read started from
// a load handler, and the busy-state error.
function read(method, blob, ...args) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    const events = [];
    for (const type of ["loadstart", "progress", "load", "abort", "error", "loadend"]) {
      reader.addEventListener(type, (event) => {
        events.push(`${type}(${event.loaded}/${event.total})`);
        if (type === "loadend") resolve({ reader, events });
      });
    }
    reader[method](blob, ...args);
    events.push(`readyState=${reader.readyState}`);
  });
}

(async () => {
  const blob = new Blob(["h\u00e9llo"], { type: "text/plain" });
  let { reader, events } = await read("readAsText", blob);
  console.log(JSON.stringify(reader.result), reader.readyState, events.join(" "));
  ({ reader, events } = await read("readAsText", new Blob([])));
  console.log(JSON.stringify(reader.result), events.join(" "));
  ({ reader } = await read("readAsArrayBuffer", blob));
  console.log(reader.result instanceof ArrayBuffer, Array.from(new Uint8Array(reader.result)).join(","));
  ({ reader } = await read("readAsBinaryString", blob));
  console.log(JSON.stringify(reader.result));
  ({ reader } = await read("readAsDataURL", blob));
  console.log(reader.result);
  ({ reader } = await read("readAsDataURL", new Blob([new Uint8Array([0, 255])])));
  console.log(reader.result);

  // Encodings: the argument first, then the blob type's charset, then UTF-8; a BOM wins.
  const utf16 = new Blob([new Uint8Array([0x68, 0x00, 0x69, 0x00])], { type: "text/plain;charset=UTF-16LE" });
  ({ reader } = await read("readAsText", utf16));
  console.log(JSON.stringify(reader.result));
  ({ reader } = await read("readAsText", utf16, "utf-8"));
  console.log(JSON.stringify(reader.result));
  ({ reader } = await read("readAsText", new Blob([new Uint8Array([0xfe, 0xff, 0x00, 0x41])]), "utf-8"));
  console.log(JSON.stringify(reader.result));
  ({ reader } = await read("readAsText", new Blob(["abc"]), "no-such-encoding"));
  console.log(JSON.stringify(reader.result));

  // abort() fires abort and loadend at once; the result stays null and nothing else follows.
  const aborted = new FileReader();
  const abortEvents = [];
  for (const type of ["loadstart", "load", "abort", "loadend"]) {
    aborted.addEventListener(type, () => abortEvents.push(type));
  }
  aborted.readAsText(blob);
  aborted.abort();
  await new Promise((resolve) => setTimeout(resolve, 20));
  console.log(abortEvents.join(" "), aborted.result, aborted.readyState);

  // A second read while loading is an InvalidStateError.
  const busy = new FileReader();
  busy.readAsText(blob);
  try {
    busy.readAsArrayBuffer(blob);
  } catch (error) {
    console.log(error.name);
  }
  busy.abort();

  // A read started in the load handler: no loadend for the first read.
  const chained = new FileReader();
  const chainedEvents = [];
  chained.onload = () => {
    chainedEvents.push(`load:${chained.result}`);
    if (chained.result === "first") chained.readAsText(new Blob(["second"]));
  };
  await new Promise((resolve) => {
    chained.onloadend = () => {
      chainedEvents.push("loadend");
      resolve();
    };
    chained.readAsText(new Blob(["first"]));
  });
  console.log(chainedEvents.join(" "));

  try {
    new FileReader().readAsText("not a blob");
  } catch (error) {
    console.log(error.message);
  }
  console.log(FileReader.EMPTY, FileReader.LOADING, FileReader.DONE, new FileReader().DONE);
  const progress = new ProgressEvent("progress", { lengthComputable: true, loaded: 3, total: 9 });
  console.log(progress.type, progress.lengthComputable, progress.loaded, progress.total, progress instanceof Event);
})().catch((error) => {
  console.error(error);
  nano.exit(1);
});
