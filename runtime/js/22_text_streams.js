// TextEncoderStream and TextDecoderStream (https://encoding.spec.whatwg.org/#interface-mixin-generictransformstream):
// TransformStreams around the UTF-8 encoder and a streaming TextDecoder (08_encoding.js).
"use strict";

const {
  ArrayBufferIsView, ObjectGetOwnPropertyDescriptor, RangeError, SharedArrayBufferPrototypeGetByteLength, ReflectApply, StringPrototypeCharCodeAt,
  StringPrototypeSlice, TypeError, TypedArrayPrototypeGetLength, Uint8Array, uncurryThis,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

const { TransformStream } = internals.streams;
const transformReadable = uncurryThis(ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "readable").get);
const transformWritable = uncurryThis(ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "writable").get);
const controllerEnqueue = uncurryThis(globalThis.TransformStreamDefaultController.prototype.enqueue);

// Captured before user code runs, like everything else here.
const TextDecoder = globalThis.TextDecoder;
const textDecoderDecode = TextDecoder.prototype.decode;
const textDecoderGetter = (name) => uncurryThis(ObjectGetOwnPropertyDescriptor(TextDecoder.prototype, name).get);
const decoderEncoding = textDecoderGetter("encoding");
const decoderFatal = textDecoderGetter("fatal");
const decoderIgnoreBOM = textDecoderGetter("ignoreBOM");

const streamOption = { __proto__: null, stream: true };

function isSharedArrayBuffer(value) {
  try {
    SharedArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

function isHighSurrogate(c) {
  return c >= 0xd800 && c <= 0xdbff;
}

let isTextEncoderStream;  // set by the class's static block
class TextEncoderStream {
  #transform;

  constructor() {
    // A lead surrogate at the end of a chunk waits for the next chunk's trail.
    let pendingHighSurrogate = "";
    const transformer = {
      __proto__: null,
      // https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk
      transform(chunk, controller) {
        let input = converters.DOMString(chunk, "Failed to execute 'transform' on 'TextEncoderStream'", "chunk");
        if (pendingHighSurrogate !== "") {
          input = pendingHighSurrogate + input;
          pendingHighSurrogate = "";
        }
        const length = input.length;
        if (length > 0 && isHighSurrogate(StringPrototypeCharCodeAt(input, length - 1))) {
          pendingHighSurrogate = StringPrototypeSlice(input, length - 1);
          input = StringPrototypeSlice(input, 0, length - 1);
        }
        if (input === "") return;
        // Lone surrogates become U+FFFD here.
        const bytes = ops.op_encoding_encode(input);
        if (TypedArrayPrototypeGetLength(bytes) > 0) controllerEnqueue(controller, bytes);
      },
      // https://encoding.spec.whatwg.org/#encode-and-flush
      flush(controller) {
        if (pendingHighSurrogate !== "") controllerEnqueue(controller, new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    };
    this.#transform = new TransformStream(transformer);
  }

  get encoding() {
    if (!isTextEncoderStream(this)) throw new TypeError("Illegal invocation: the receiver is not a TextEncoderStream");
    return "utf-8";
  }

  get readable() {
    if (!isTextEncoderStream(this)) throw new TypeError("Illegal invocation: the receiver is not a TextEncoderStream");
    return transformReadable(this.#transform);
  }

  get writable() {
    if (!isTextEncoderStream(this)) throw new TypeError("Illegal invocation: the receiver is not a TextEncoderStream");
    return transformWritable(this.#transform);
  }

  static {
    isTextEncoderStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }
}
webidl.configureInterface(TextEncoderStream);

const textDecoderOptions = webidl.createDictionaryConverter("TextDecoderOptions", [
  { key: "fatal", converter: converters.boolean, defaultValue: false },
  { key: "ignoreBOM", converter: converters.boolean, defaultValue: false },
]);

let isTextDecoderStream;  // set by the class's static block
function checkTextDecoderStream(self) {
  if (!isTextDecoderStream(self)) throw new TypeError("Illegal invocation: the receiver is not a TextDecoderStream");
  return self;
}
class TextDecoderStream {
  #transform;
  #decoder;

  constructor(label = "utf-8", options = undefined) {
    const prefix = "Failed to construct 'TextDecoderStream'";
    label = converters.DOMString(label, prefix, "Argument 1");
    options = textDecoderOptions(options, prefix, "Argument 2");
    let decoder;
    try {
      decoder = new TextDecoder(label, options);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new RangeError(`${prefix}: The encoding label provided ('${label}') is invalid.`);
      }
      throw error;
    }
    const transformer = {
      __proto__: null,
      // https://encoding.spec.whatwg.org/#decode-and-enqueue-a-chunk
      transform(chunk, controller) {
        if (!webidl.isArrayBuffer(chunk) && !ArrayBufferIsView(chunk) && !isSharedArrayBuffer(chunk)) {
          throw new TypeError("Failed to execute 'transform' on 'TextDecoderStream': The provided chunk is not " +
            "of type 'AllowSharedBufferSource' (ArrayBuffer, SharedArrayBuffer or ArrayBufferView)");
        }
        const output = ReflectApply(textDecoderDecode, decoder, [chunk, streamOption]);
        if (output !== "") controllerEnqueue(controller, output);
      },
      // https://encoding.spec.whatwg.org/#flush-and-enqueue
      flush(controller) {
        const output = ReflectApply(textDecoderDecode, decoder, []);
        if (output !== "") controllerEnqueue(controller, output);
      },
    };
    this.#decoder = decoder;
    this.#transform = new TransformStream(transformer);
  }

  get encoding() {
    return decoderEncoding(checkTextDecoderStream(this).#decoder);
  }

  get fatal() {
    return decoderFatal(checkTextDecoderStream(this).#decoder);
  }

  get ignoreBOM() {
    return decoderIgnoreBOM(checkTextDecoderStream(this).#decoder);
  }

  get readable() {
    return transformReadable(checkTextDecoderStream(this).#transform);
  }

  get writable() {
    return transformWritable(checkTextDecoderStream(this).#transform);
  }

  static {
    isTextDecoderStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }
}
webidl.configureInterface(TextDecoderStream);

webidl.defineGlobals({ TextEncoderStream, TextDecoderStream });
