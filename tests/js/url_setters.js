// URL setters: each attribute re-parses through ada with the spec's state
// override; failures leave the URL unchanged, except href which throws.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function assertEq(actual, expected, what) {
  if (actual !== expected) throw new Error(`assertion failed: ${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
}

function set(input, attribute, value) {
  const url = new URL(input);
  url[attribute] = value;
  console.log(`${input} .${attribute}=${JSON.stringify(value)} -> ${url.href}`);
  return url;
}

set("http://a.test/p", "protocol", "https");
set("http://a.test/p", "protocol", "wss:ignored");
set("http://a.test/p", "protocol", "mailto");  // special -> non-special is refused
set("mailto:x@y", "protocol", "http");  // and the other way round
set("http://a.test/p", "protocol", "1bad");
set("https://a.test:443/", "protocol", "http");  // the port stays, now not the default
set("http://a.test/", "username", "me you");
set("http://a.test/", "password", "p@ss:w");
set("file:///x", "username", "nobody");  // file URLs cannot have credentials
set("http://a.test/", "host", "b.test:81");
set("http://a.test:81/", "host", "c.test");  // no port given: the old one stays
set("http://a.test/", "host", "bad host");
set("http://a.test/", "host", "☃.net");
set("http://a.test:81/", "hostname", "b.test:99");  // hostname ignores a port
set("http://a.test/", "hostname", "");  // special URLs cannot have an empty host
set("file://server/x", "hostname", "");
set("http://a.test/", "port", "8080");
set("http://a.test:8080/", "port", "");
set("http://a.test/", "port", "80");
set("http://a.test/", "port", "12ab");
set("http://a.test/", "port", "99999");
set("http://a.test/", "port", "\t8 1");
set("http://a.test/a/b", "pathname", "/c/../d e?#");
set("http://a.test/", "pathname", "no-slash");
set("mailto:x@y", "pathname", "z");  // opaque paths cannot be set
set("http://a.test/", "search", "q=1&r=é");
set("http://a.test/?old", "search", "??x");
set("http://a.test/?old#h", "search", "");
set("http://a.test/", "hash", "h i");
set("http://a.test/#x", "hash", "");
set("data:space    #h", "hash", "");  // opaque path: trailing spaces stripped
set("http://a.test/", "href", "https://b.test/new?x#y");

// Tabs and newlines are stripped from setter input like from parser input.
assertEq(set("http://a.test/", "pathname", "/a\tb\nc").pathname, "/abc", "stripped pathname");

// href: failure throws a TypeError that names the input, and changes nothing.
const url = new URL("http://keep.test/p?q#h");
try {
  url.href = "relative/path";
  throw new Error("href setter did not throw");
} catch (e) {
  assert(e instanceof TypeError, "href setter throws TypeError");
  console.log(e.message);
}
assertEq(url.href, "http://keep.test/p?q#h", "failed href leaves the URL");

// Other setters with invalid input are no-ops, not errors.
url.host = "";
url.port = "nope";
url.protocol = "";
assertEq(url.href, "http://keep.test/p?q#h", "failed setters leave the URL");

// Setter input is a USVString: lone surrogates become U+FFFD.
url.pathname = "/\uDC00";
assertEq(url.pathname, "/%EF%BF%BD", "lone surrogate in setter");
url.hash = "\uD800";
assertEq(url.hash, "#%EF%BF%BD", "lone surrogate in hash setter");

// Setters are brand-checked.
const setter = Object.getOwnPropertyDescriptor(URL.prototype, "pathname").set;
try {
  setter.call({}, "/x");
  throw new Error("setter on a plain object did not throw");
} catch (e) {
  assert(e instanceof TypeError, "setter brand check");
}
console.log("setters ok");
