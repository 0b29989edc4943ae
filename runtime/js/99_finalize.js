// Runs last: what must not change once every file has contributed to it.
"use strict";
internals.primordials.ObjectFreeze(internals.nano);
