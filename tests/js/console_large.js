// console.log of a 50 MB string (raw, and through %s and group indentation)
// must print it whole without recursion or quadratic work.
const big = "x".repeat(50 * 1024 * 1024);
const start = Date.now();
console.log(big);
console.log("%s|", big);
console.group();
console.log(`${"y".repeat(1024 * 1024)}\n`.repeat(8));
console.groupEnd();
// Nested strings are cut at maxStringLength like Node.
console.log([big]);
const elapsed = Date.now() - start;
if (elapsed > 20000) throw new Error(`console.log of 50 MB took ${elapsed} ms`);
