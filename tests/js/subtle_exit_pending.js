// Runtime teardown with crypto operations still on the threadpool: the jobs
// finish without touching the isolate, their promises are dropped, no crash.
// expect-exit: 4
"use strict";
const subtle = crypto.subtle;
for (let i = 0; i < 3; i++) {
  subtle.generateKey({ name: "RSA-PSS", modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign"])
    .then(() => console.log("never"));
}
subtle.digest("SHA-256", new Uint8Array(32 << 20)).then(() => console.log("never either"));
console.log("pending");
Promise.resolve().then(() => nano.exit(4));
