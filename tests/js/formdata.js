// FormData: entry list operations, Blob values as Files, live iterators,
// WebIDL overloads and errors, console output, and what it converts to.
const fd = new FormData();
console.log(fd, [...fd].length);

fd.append("a", "1");
fd.append("b", "x");
fd.append("a", 2);  // USVString conversion
fd.append("lone\uD800", "v\uDC00");
console.log(fd.get("a"), fd.getAll("a"), fd.has("b"), fd.has("zz"), fd.get("zz"), fd.getAll("zz"));
console.log(fd.get("lone\uFFFD") === "v\uFFFD", fd.has("lone\uD800"));

// Blob values become Files named "blob"; a filename renames; a File is kept as it is.
const blob = new Blob(["data"], { type: "text/csv" });
const file = new File(["file body"], "orig.txt", { type: "text/plain", lastModified: 77 });
fd.append("blob", blob);
fd.append("named", blob, "report.csv");
fd.append("file", file);
fd.append("renamed", file, "new.txt");
const got = fd.get("blob");
console.log(got instanceof File, got.name, got.type, got.size, got !== blob);
console.log(fd.get("named").name, fd.get("named").type);
console.log(fd.get("file") === file, fd.get("renamed") !== file, fd.get("renamed").name,
  fd.get("renamed").lastModified, fd.get("renamed").type);
fd.get("renamed").text().then((text) => console.log("renamed text:", text));

// set replaces the first entry with the name and drops the others.
fd.set("a", "replaced");
console.log([...fd.keys()].join(","), fd.getAll("a"));
fd.set("new", blob, "n.bin");
console.log(fd.get("new").name);
fd.delete("a");
fd.delete("missing");
console.log([...fd.keys()].join(","));

// Iterators: entries/keys/values/@@iterator and forEach see the live list.
console.log(FormData.prototype[Symbol.iterator] === FormData.prototype.entries);
const iterator = fd.keys();
console.log(Object.prototype.toString.call(iterator), iterator.next().value);
fd.append("late", "z");
const rest = [];
for (let step = iterator.next(); !step.done; step = iterator.next()) rest.push(step.value);
console.log(rest.join(","));
console.log([...fd.values()].map((v) => (typeof v === "string" ? v : `File(${v.name})`)).join(","));
const seen = [];
fd.forEach(function (value, name, object) {
  seen.push(name);
  if (name === "b") object.append("added", "during forEach");
  if (this.marker !== 1 || object !== fd) throw new Error("forEach arguments");
}, { marker: 1 });
console.log(seen.join(","));
const shown = new FormData();
shown.append("a", "1");
shown.append("a", "2");
shown.append("f", file);
shown.append("we'ird", "x");
console.log(shown);

// Errors.
const errors = [
  () => new FormData({}),
  () => new FormData(null),
  () => new FormData(undefined, {}),
  () => fd.append("x"),
  () => fd.append("x", "y", "z"),
  () => fd.set("x", {}, "f"),
  () => fd.get(),
  () => fd.forEach(5),
  () => FormData.prototype.get.call({}, "a"),
  () => fd.keys().next.call({}),
  () => structuredClone(fd),
];
for (const f of errors) {
  try {
    f();
    console.log("no error");
  } catch (error) {
    console.log(`${error.name}: ${error.message}`);
  }
}
// Two arguments where the value is not a Blob use the string overload.
fd.set("obj", { toString: () => "stringified" });
console.log(fd.get("obj"));

// URLSearchParams copies the string entries.
const simple = new FormData();
simple.append("q", "a b");
simple.append("r", "&=");
const params = new URLSearchParams(simple);
simple.append("later", "1");
console.log(params.toString());

console.log(FormData.length, Object.keys(FormData.prototype).join(), Object.prototype.toString.call(fd));
class MyForm extends FormData {}
const mine = new MyForm();
mine.append("k", "v");
console.log(mine instanceof MyForm, mine.get("k"));
