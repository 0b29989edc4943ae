// Runtime teardown while big operations (their input read partly by the
// worker straight from the caller's buffer) are on the threadpool: their
// promises are dropped, no crash.
// expect-exit: 3
"use strict";
crypto.subtle.digest("SHA-256", new Uint8Array(1 << 20)).then(() => console.log("never"));
const key = crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["encrypt"]);
key.then((k) => {
  crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(1 << 20))
    .then(() => console.log("never either"));
  console.log("pending");
  Promise.resolve().then(() => nano.exit(3));
});
