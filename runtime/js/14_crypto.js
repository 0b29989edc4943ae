// The `crypto` global (WebCrypto §10): getRandomValues and randomUUID on
// OpenSSL's CSPRNG. crypto.subtle is added to Crypto.prototype by a later file
// through internals.Crypto / internals.crypto.
// https://w3c.github.io/webcrypto/#crypto-interface
"use strict";

const { Symbol, TypeError } = internals.primordials;
const { webidl } = internals;

const kConstruct = Symbol("Crypto construct");
let isCrypto;

class Crypto {
  #brand;

  constructor(key = undefined) {
    if (key !== kConstruct) throw new TypeError("Illegal constructor");
    this.#brand = true;
  }

  static {
    isCrypto = (value) => value !== null && typeof value === "object" && #brand in value;
  }

  // Fills the integer typed array in place and returns it; the op throws
  // TypeMismatchError / QuotaExceededError as the spec says.
  getRandomValues(array) {
    checkCrypto(this);
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'getRandomValues' on 'Crypto'");
    return ops.op_crypto_get_random_values(array);
  }

  randomUUID() {
    checkCrypto(this);
    return ops.op_crypto_random_uuid();
  }
}

function checkCrypto(self) {
  if (!isCrypto(self)) throw new TypeError("Illegal invocation");
}

webidl.configureInterface(Crypto);
const crypto = new Crypto(kConstruct);

internals.Crypto = Crypto;
internals.crypto = crypto;
internals.isCrypto = isCrypto;

webidl.defineGlobals({ Crypto, crypto });
