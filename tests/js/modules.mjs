// ES modules: static and dynamic import, JSON modules, import.meta, top-level await.
import { answer, loadedAt } from "./fixtures/answer.mjs";
import config from "./fixtures/config.json" assert { type: "json" };

console.log("static", answer, loadedAt);
console.log("json", config.name, config.list.length);
console.log("meta.url ends", import.meta.url.endsWith("/tests/js/modules.mjs"));
console.log("meta.main", import.meta.main, "filename", import.meta.filename.endsWith("modules.mjs"));
console.log("resolve", import.meta.resolve("./fixtures/answer.mjs").endsWith("/tests/js/fixtures/answer.mjs"));
const again = await import("./fixtures/answer.mjs");
console.log("dynamic same instance", again.loadedAt === loadedAt);
const json = await import("./fixtures/config.json", { assert: { type: "json" } });
console.log("dynamic json", json.default === config);
await new Promise((resolve) => setTimeout(resolve, 1));
console.log("after await");
try {
  await import("./fixtures/missing.mjs");
} catch (error) {
  console.log("missing", error instanceof TypeError, error.message.includes("missing.mjs"));
}
try {
  await import("bare-specifier");
} catch (error) {
  console.log("bare", error instanceof TypeError);
}
