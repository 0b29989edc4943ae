// CompressionStream and DecompressionStream (https://compression.spec.whatwg.org):
// TransformStreams around a native zlib codec (api/compression.cc).
"use strict";

const {
  ArrayBufferIsView, ObjectCreate, ObjectGetOwnPropertyDescriptor, TypeError, uncurryThis,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

const { TransformStream } = internals.streams;
const transformReadable = uncurryThis(ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "readable").get);
const transformWritable = uncurryThis(ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "writable").get);
const controllerEnqueue = uncurryThis(globalThis.TransformStreamDefaultController.prototype.enqueue);

// The numbers api/compression.cc knows the formats by.
const kFormats = ObjectCreate(null);
kFormats.deflate = 0;
kFormats["deflate-raw"] = 1;
kFormats.gzip = 2;

function convertFormat(format, prefix) {
  format = converters.DOMString(format, prefix, "Argument 1");
  const id = kFormats[format];
  if (id === undefined) {
    throw new TypeError(`${prefix}: Unsupported compression format: '${format}' ` +
      "(expected 'deflate', 'deflate-raw' or 'gzip')");
  }
  return id;
}

// A TransformStream that feeds each chunk through the codec and enqueues what
// comes out. The codec is freed as soon as the stream closes, errors or is
// cancelled; a stream that is dropped midway frees it when collected.
function createCodecTransform(format, compress, name) {
  const codec = ops.op_compression_create(format, compress);
  let freed = false;
  const free = () => {
    if (freed) return;
    freed = true;
    ops.op_compression_free(codec);
  };
  const enqueueAll = (controller, pieces) => {
    for (let i = 0; i < pieces.length; i++) controllerEnqueue(controller, pieces[i]);
  };
  const transformer = {
    __proto__: null,
    transform(chunk, controller) {
      let pieces;
      try {
        // Views on a SharedArrayBuffer pass here; op_compression_push rejects them.
        if (!webidl.isArrayBuffer(chunk) && !ArrayBufferIsView(chunk)) {
          throw new TypeError(`Failed to execute 'transform' on '${name}': ` +
            "The provided chunk is not of type 'BufferSource' (ArrayBuffer or ArrayBufferView)");
        }
        pieces = ops.op_compression_push(codec, chunk);
      } catch (error) {
        free();
        throw error;
      }
      enqueueAll(controller, pieces);
    },
    flush(controller) {
      let pieces;
      try {
        pieces = ops.op_compression_finish(codec);
      } finally {
        free();
      }
      enqueueAll(controller, pieces);
    },
    cancel() {
      free();
    },
  };
  return new TransformStream(transformer);
}

let isCompressionStream;  // set by the class's static block
class CompressionStream {
  #transform;

  constructor(format) {
    const prefix = "Failed to construct 'CompressionStream'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#transform = createCodecTransform(convertFormat(format, prefix), true, "CompressionStream");
  }

  get readable() {
    if (!isCompressionStream(this)) throw new TypeError("Illegal invocation: the receiver is not a CompressionStream");
    return transformReadable(this.#transform);
  }

  get writable() {
    if (!isCompressionStream(this)) throw new TypeError("Illegal invocation: the receiver is not a CompressionStream");
    return transformWritable(this.#transform);
  }

  static {
    isCompressionStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }
}
webidl.configureInterface(CompressionStream);

let isDecompressionStream;
class DecompressionStream {
  #transform;

  constructor(format) {
    const prefix = "Failed to construct 'DecompressionStream'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#transform = createCodecTransform(convertFormat(format, prefix), false, "DecompressionStream");
  }

  get readable() {
    if (!isDecompressionStream(this)) {
      throw new TypeError("Illegal invocation: the receiver is not a DecompressionStream");
    }
    return transformReadable(this.#transform);
  }

  get writable() {
    if (!isDecompressionStream(this)) {
      throw new TypeError("Illegal invocation: the receiver is not a DecompressionStream");
    }
    return transformWritable(this.#transform);
  }

  static {
    isDecompressionStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }
}
webidl.configureInterface(DecompressionStream);

webidl.defineGlobals({ CompressionStream, DecompressionStream });
