// AbortSignal.any() dependents are weakly held by their sources: unobserved
// ones are collected, but a dependent (or timeout signal) with an abort
// listener, onabort handler or abort algorithm is kept until it can fire.
"use strict";
const source = new AbortController();
let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
for (let i = 0; i < 20000; i++) registry.register(AbortSignal.any([source.signal]), i);

const fired = new Set();
for (let i = 0; i < 100; i++) AbortSignal.any([source.signal]).addEventListener("abort", () => fired.add(`listener ${i}`));
for (let i = 0; i < 100; i++) AbortSignal.any([source.signal]).onabort = () => fired.add(`onabort ${i}`);
// An abort algorithm (here: the `signal` option of addEventListener) also keeps it.
const target = new EventTarget();
for (let i = 0; i < 100; i++) {
  target.addEventListener(`ping${i}`, () => fired.add(`ping ${i}`), { signal: AbortSignal.any([source.signal]) });
}
AbortSignal.timeout(30).addEventListener("abort", () => fired.add("timeout listener"));
AbortSignal.any([AbortSignal.timeout(30)]).onabort = () => fired.add("dependent of timeout");
// Removing the only listener makes a dependent collectable again.
{
  const listener = () => fired.add("removed listener");
  const removable = AbortSignal.any([source.signal]);
  removable.addEventListener("abort", listener);
  removable.removeEventListener("abort", listener);
  registry.register(removable, "removable");
}

let junk = [];
function churn() {
  for (let i = 0; i < 200000; i++) junk.push({ i, text: `x${i}` });
  junk = [];
}
let rounds = 0;
const interval = setInterval(() => {
  churn();
  if (++rounds < 10) return;
  clearInterval(interval);
  source.abort();
  for (let i = 0; i < 100; i++) target.dispatchEvent(new Event(`ping${i}`));  // all removed
  setTimeout(() => {
    console.log(`fired ${fired.size}`);
    console.log(`dependents collected: ${collected > 0}`);
  }, 50);
}, 10);
