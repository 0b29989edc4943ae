// console: minimal until the inspect-based formatter lands.
"use strict";
const { webidl } = internals;
const print = (stderr) => (...args) => ops.op_console_print(args.map(String).join(" ") + "\n", stderr);
const console = { log: print(false), info: print(false), debug: print(false), warn: print(true), error: print(true) };
internals.inspectForRepl = (value) => String(value);
webidl.defineGlobal("console", console);
