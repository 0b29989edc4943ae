// DOMException (WebIDL §3.14.1): an Error subclass whose name/message/code
// live in internal slots behind brand-checked prototype getters.
"use strict";

const {
  ErrorPrototype, ErrorCaptureStackTrace, ObjectDefineProperty, ObjectSetPrototypeOf, TypeError,
  ArrayPrototypeForEach,
} = internals.primordials;
const { webidl } = internals;

// The legacy constants, in code order (INDEX_SIZE_ERR = 1 ... DATA_CLONE_ERR = 25).
const kConstants = [
  "INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR", "WRONG_DOCUMENT_ERR",
  "INVALID_CHARACTER_ERR", "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR", "NOT_FOUND_ERR",
  "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR",
  "INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR", "VALIDATION_ERR",
  "TYPE_MISMATCH_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR",
  "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR",
];

// The error names table: names that still carry a legacy code. Names removed
// from the table (DOMStringSizeError, NoDataAllowedError, ValidationError) map to 0.
const kCodes = {
  __proto__: null,
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
};

class DOMException {
  #name;
  #message;
  #code;

  constructor(message = "", name = "Error") {
    const prefix = "Failed to construct 'DOMException'";
    this.#message = webidl.converters.DOMString(message, prefix, "Argument 1");
    this.#name = webidl.converters.DOMString(name, prefix, "Argument 2");
    this.#code = kCodes[this.#name] ?? 0;
    // Captured after the slots are set: the stack's first line reads name and message.
    // Frames from the (sub)class constructor inward are left out.
    ErrorCaptureStackTrace(this, new.target);
  }

  get message() {
    if (!isDOMException(this)) throw new TypeError("Illegal invocation");
    return this.#message;
  }

  get name() {
    if (!isDOMException(this)) throw new TypeError("Illegal invocation");
    return this.#name;
  }

  get code() {
    if (!isDOMException(this)) throw new TypeError("Illegal invocation");
    return this.#code;
  }

  static isDOMException(value) {
    return value !== null && typeof value === "object" && #name in value;
  }
}

const { isDOMException } = DOMException;
delete DOMException.isDOMException;

// WebIDL: the interface prototype object inherits from %Error.prototype%, the
// interface object itself from %Function.prototype% (a class already does).
ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
webidl.configureInterface(DOMException);

ArrayPrototypeForEach(kConstants, (name, index) => {
  const desc = { value: index + 1, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(DOMException, name, desc);
  ObjectDefineProperty(DOMException.prototype, name, desc);
});

// Used by structuredClone and native code that needs the internal slots.
internals.isDOMException = isDOMException;
internals.DOMException = DOMException;
webidl.defineGlobal("DOMException", DOMException);
