// FormData bodies: multipart/form-data and urlencoded round trips through
// Request and Response (needs 15_blob.js and 16_formdata.js).
const describeError = (e) => `${e.constructor.name}: ${e.message}`;
async function show(label, fn) {
  try {
    const value = await fn();
    console.log(label, typeof value === "string" ? value : JSON.stringify(value));
  } catch (e) {
    console.log(label, describeError(e));
  }
}
async function entries(formData) {
  const result = [];
  for (const [name, value] of formData) {
    if (typeof value === "string") result.push([name, value]);
    else result.push([name, value.constructor.name, value.name, value.type, value.size, await value.text()]);
  }
  return result;
}

(async () => {
  const form = new FormData();
  form.append("text", "h\u00e9llo");
  form.append("lines", "a\r\nb");
  form.append("file", new Blob(["file contents"], { type: "text/plain" }), "notes.txt");
  form.append("bytes", new File([new Uint8Array([0, 255, 10, 13])], "raw.bin"));
  form.append("text", "second");

  // Response(FormData): multipart body with a boundary in Content-Type.
  const response = new Response(form);
  const contentType = response.headers.get("content-type");
  await show("content-type", () => [/^multipart\/form-data; ?boundary=/.test(contentType), contentType.length > 30]);
  const roundTrip = await response.clone().formData();
  await show("round trip", () => entries(roundTrip));
  const raw = await response.text();
  await show("serialized", () => [raw.includes('Content-Disposition: form-data; name="text"\r\n\r\nh\u00e9llo\r\n'),
    raw.includes('filename="notes.txt"'), raw.includes("Content-Type: text/plain\r\n"), raw.endsWith("--\r\n")]);

  // Request(FormData) the same way.
  const request = new Request("http://example.com/upload", { method: "POST", body: form });
  await show("request round trip", async () => (await entries(await request.formData())).length);

  // The same bytes parsed again with the Content-Type given by hand.
  const reparsed = await new Response(raw, { headers: { "Content-Type": contentType } }).formData();
  await show("reparsed", async () => (await entries(reparsed)).map((e) => e[0]));

  // A hand-written multipart body.
  const boundary = "----nano-test-boundary";
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="field"',
    "",
    "value 1",
    `--${boundary}`,
    'Content-Disposition: form-data; name="upload"; filename="a.txt"',
    "Content-Type: text/x-a",
    "",
    "A file",
    `--${boundary}--`,
    "",
  ].join("\r\n");
  const parsed = await new Response(body, { headers: { "Content-Type": `multipart/form-data; boundary="${boundary}"` } }).formData();
  await show("hand written", () => entries(parsed));

  // Malformed multipart rejects with TypeError.
  // (Only the error type: the messages belong to 16_formdata.js.)
  const errorName = (promise) => promise.then(() => "no error", (e) => e.constructor.name);
  await show("wrong boundary", () => errorName(new Response(body, {
    headers: { "Content-Type": "multipart/form-data; boundary=other" } }).formData()));
  await show("truncated", () => errorName(new Response(body.slice(0, 60), {
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } }).formData()));
  await show("empty multipart", () => errorName(new Response("", {
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } }).formData()));

  // urlencoded round trip, including from a stream body.
  const params = new URLSearchParams({ a: "1", "b c": "d&e", "\u00e9": "\u00fc" });
  await show("urlencoded", async () => entries(await new Response(params).formData()));
  const encoder = new TextEncoder();
  const streamed = new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("x=1&y"));
      controller.enqueue(encoder.encode("=%E2%82%AC"));
      controller.close();
    },
  }), { headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  await show("urlencoded stream", async () => entries(await streamed.formData()));
  await show("empty urlencoded", async () => entries(await new Response("", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" } }).formData()));
})();
