// A first look at the runtime: timers, microtasks, modules and top-level await.
console.log("Hello from NANO", nano.version.nano, "on V8", nano.version.v8);
queueMicrotask(() => console.log("a microtask runs before any timer"));
await new Promise((resolve) => setTimeout(resolve, 10));
console.log("a timer fired after 10 ms");
