// multipart/form-data: FormData serialised by Response and parsed back by
// Response.formData(), with binary content and names that need escaping;
// hand-written bodies the parser accepts; malformed ones it rejects with a
// TypeError; and the urlencoded form.
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");

async function parse(body, contentType) {
  // Bytes, as a network body would be.
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Response(bytes, { headers: { "content-type": contentType } }).formData();
}

function describe(formData) {
  const out = [];
  for (const [name, value] of formData) {
    out.push(typeof value === "string"
      ? `${JSON.stringify(name)}=${JSON.stringify(value)}`
      : `${JSON.stringify(name)}=File(${JSON.stringify(value.name)}, ${JSON.stringify(value.type)}, ${value.size})`);
  }
  return out.join(" ");
}

(async () => {
  // Every byte value, plus text that looks like a boundary line.
  const allBytes = new Uint8Array(256 + 8);
  for (let i = 0; i < 256; i++) allBytes[i] = i;
  allBytes.set([13, 10, 45, 45, 13, 10, 45, 45], 256);

  const fd = new FormData();
  fd.append("plain", "value");
  fd.append("quote\"name", "q");
  fd.append("lf\nname", "v");
  fd.append("cr\rname", "v");
  fd.append("crlf\r\nname", "v");
  fd.append("ünïcødé 🎉", "välue ✓");
  // HTML's encoding does not escape "%", so a literal "%22" in a name reads back as a quote.
  fd.append("percent%22", "%0A stays");
  fd.append("lines", "a\nb\rc\r\nd");
  fd.append("binary", new Blob([allBytes], { type: "application/x-raw" }), "bin\"ary\r\n.dat");
  fd.append("blob", new Blob(["no type"]));
  fd.append("empty", new File([], "", { type: "text/plain" }));
  fd.append("typed", new File(["{}"], "data.json", { type: "application/json" }));

  const response = new Response(fd);
  const contentType = response.headers.get("content-type");
  const boundary = contentType.slice("multipart/form-data; boundary=".length);
  check(contentType.startsWith("multipart/form-data; boundary="), "content type");
  check(/^[A-Za-z0-9'()+_,\-./:=?]{1,70}$/.test(boundary), "boundary characters and length");
  check(new Response(new FormData()).headers.get("content-type") !== contentType, "a fresh boundary per body");
  const body = new Uint8Array(await response.clone().arrayBuffer());
  const text = latin1(body);
  console.log("starts with boundary:", text.startsWith(`--${boundary}\r\n`));
  console.log("ends with close delimiter:", text.endsWith(`\r\n--${boundary}--\r\n`));
  // Names: newlines normalised to CRLF, then LF, CR and " percent-escaped; filenames only escaped.
  for (const header of text.split("\r\n").filter((line) => line.startsWith("Content-Disposition"))) {
    console.log(Buffer_from_latin1(header));
  }
  console.log(JSON.stringify(text.split("\r\n").filter((line) => line.startsWith("Content-Type"))));
  check(text.includes("\r\n\r\na\r\nb\r\nc\r\nd\r\n--"), "string values get CRLF line breaks");

  const parsed = await response.formData();
  console.log(describe(parsed));
  const binary = parsed.get("binary");
  const binaryBytes = new Uint8Array(await binary.arrayBuffer());
  check(binaryBytes.length === allBytes.length && binaryBytes.every((b, i) => b === allBytes[i]), "binary round trip");
  console.log("binary round trip ok:", binary instanceof File, binary.name === "bin\"ary\r\n.dat");
  check(await parsed.get("typed").text() === "{}", "typed file content");

  // A larger file with pseudo-random content.
  const large = new Uint8Array(3 * 1024 * 1024 + 17);
  let seed = 12345;
  for (let i = 0; i < large.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    large[i] = seed >>> 24;
  }
  const big = new FormData();
  big.append("big", new Blob([large]), "big.bin");
  big.append("after", "tail");
  const bigParsed = await new Response(big).formData();
  const bigBytes = await bigParsed.get("big").bytes();
  check(bigBytes.length === large.length && bigBytes.every((b, i) => b === large[i]), "large file round trip");
  console.log("large round trip ok:", bigBytes.length, bigParsed.get("after"));

  // Bodies from other producers.
  const accepted = [
    // Quoted boundary, preamble and epilogue, unquoted name.
    ['multipart/form-data; boundary="b o"',
      "preamble\r\n--b o\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b o--\r\nepilogue"],
    // Parameters in another order, filename* (RFC 8187) preferred, header case, trailing space.
    ["Multipart/Form-Data; charset=utf-8; boundary=XyZ",
      "--XyZ \r\ncontent-disposition: FORM-DATA; filename=\"fallback.txt\"; name=\"f\"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n" +
      "X-Other: ignored\r\n\r\ncontent\r\n--XyZ--"],
    // A file without Content-Type is text/plain; escaped names; a field with an empty value.
    ["multipart/form-data; boundary=z",
      "--z\r\nContent-Disposition: form-data; name=\"a%22b%0D%0Ac\"; filename=\"\"\r\n\r\n\r\n" +
      "--z\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--z--\r\n"],
    // A part body containing the boundary text without a leading CRLF.
    ["multipart/form-data; boundary=z",
      "--z\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nx--z y\r\n--z--"],
    // No parts at all.
    ["multipart/form-data; boundary=z", "--z--\r\n"],
  ];
  for (const [type, bodyText] of accepted) {
    console.log(describe(await parse(bodyText, type)));
  }

  const rejected = [
    ["multipart/form-data", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--z--"],
    ["multipart/form-data; boundary=z", ""],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\nv"],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data\r\n\r\nv\r\n--z--"],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--z--"],
    ["multipart/form-data; boundary=z", "--z\nContent-Disposition: form-data; name=a\n\nv\n--z--"],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--z--"],
    ["multipart/form-data; boundary=z", "--z\r\nBad Header: 1\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--z--"],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n"],
    ["multipart/form-data; boundary=z", "--z"],
    ["multipart/form-data; boundary=z", "--zz\r\n"],
    ["multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--zX"],
  ];
  let rejections = 0;
  for (const [type, bodyText] of rejected) {
    try {
      await parse(bodyText, type);
      console.log("accepted:", JSON.stringify(bodyText));
    } catch (error) {
      if (error instanceof TypeError) rejections++;
      else console.log("wrong error:", error);
    }
  }
  console.log(`${rejections}/${rejected.length} malformed bodies rejected with TypeError`);

  // Random garbage after a valid start never hangs or crashes.
  for (let round = 0; round < 200; round++) {
    const noise = new Uint8Array(64);
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      noise[i] = "-\r\nz:;=\"a "[seed % 10].charCodeAt(0);
    }
    try {
      await parse(new Blob(["--z\r\n", noise]), "multipart/form-data; boundary=z");
    } catch (error) {
      check(error instanceof TypeError, "noise gives TypeError");
    }
  }
  console.log("noise ok");

  // application/x-www-form-urlencoded
  const urlencoded = await parse("a=1&b=%20x+y&a=2&&c", "application/x-www-form-urlencoded;charset=UTF-8");
  console.log(describe(urlencoded));
  const fromParams = await new Response(new URLSearchParams({ k: "v w" })).formData();
  console.log(describe(fromParams));
  try {
    await parse("a=1", "text/plain");
  } catch (error) {
    console.log("text/plain:", error.name);
  }
})().catch((error) => {
  console.error(error);
  nano.exit(1);
});

// Content-Disposition lines hold UTF-8 bytes: show them as text.
function Buffer_from_latin1(s) {
  return new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}
