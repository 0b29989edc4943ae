// console.time/timeLog/timeEnd. Durations vary, so stdout is not compared;
// the warnings for unknown and duplicate labels go to stderr.
// expect-stderr: Warning: Label 'dup' already exists for console.time()
// expect-stderr: Warning: No such label 'never' for console.timeLog()
// expect-stderr: Warning: No such label 'never' for console.timeEnd()
// expect-stderr: Warning: No such label 'dup' for console.timeEnd()
// expect-stderr: Warning: No such label 'default' for console.timeLog()

console.time();
console.timeLog(undefined, "with", { data: 1 });
console.timeEnd();
console.timeLog();  // ended: warns

console.time("dup");
console.time("dup");  // warns, keeps the first start time
console.timeEnd("dup");
console.timeEnd("dup");  // already ended: warns

console.timeLog("never");
console.timeEnd("never");

// Labels go through ToString; a throwing toString propagates.
let thrown = false;
try {
  console.time({ toString() { throw new Error("no label"); } });
} catch {
  thrown = true;
}
if (!thrown) throw new Error("time() must rethrow label conversion errors");
try {
  console.time(Symbol("s"));
  throw new Error("a symbol label must throw");
} catch (e) {
  if (!(e instanceof TypeError)) throw e;
}
console.time({ toString: () => "object label" });
console.timeEnd("object label");
