// fetch() over TLS against servers whose certificates a test CA signed
// (trusted through NANO_EXTRA_CA_CERTS in mode "ca"), one for another host
// name and one from an unknown CA.
import { check, config, describe, done, eq, expectNoLeaks, isFetchError, pattern, rejects } from "./fetch_lib.mjs";

const good = `https://127.0.0.1:${config.port}`;
const certError = (code, message) => (e) => isFetchError(code)(e) && e.cause.message === message;

if (config.mode === "ca") {
  let r = await fetch(`${good}/hello`);
  eq("tls.GET", [r.status, await r.text(), r.url], [200, "hello world", `${good}/hello`]);
  r = await fetch(`https://localhost:${config.port}/hello`);
  eq("tls.by host name (SNI, DNS subjectAltName)", await r.text(), "hello world");
  const j = await (await fetch(`${good}/echo`, { method: "POST", body: "secret" })).json();
  eq("tls.POST", [j.method, j.body], ["POST", "secret"]);
  r = await fetch(`${good}/encoded?coding=br&size=2000000&chunked=1`);
  eq("tls.2 MB br chunked body", (await r.text()) === pattern(2000000), true);
  r = await fetch(`${good}/delay?ms=0&size=5000000`);
  eq("tls.5 MB body", (await r.arrayBuffer()).byteLength, 5000000);

  const before = Number(await (await fetch(`${good}/conn-count`)).text());
  for (let i = 0; i < 5; i++) await (await fetch(`${good}/hello`)).text();
  const after = Number(await (await fetch(`${good}/conn-count`)).text());
  eq("tls.keep-alive: 6 sequential requests, no new connection", after - before, 0);
  const all = await Promise.all(Array.from({ length: 12 }, () => fetch(`${good}/delay?ms=50`).then((x) => x.text())));
  eq("tls.12 concurrent requests", all.length, 12);

  const wrongIp = await rejects("tls.wrong host (IP)", fetch(`https://127.0.0.1:${config.wrongPort}/hello`),
    certError("IP_ADDRESS_MISMATCH", "IP address mismatch"));
  console.log(`  ${describe(wrongIp)}`);
  const wrongName = await rejects("tls.wrong host (name)", fetch(`https://localhost:${config.wrongPort}/hello`),
    certError("HOSTNAME_MISMATCH", "hostname mismatch"));
  console.log(`  ${describe(wrongName)}`);
  const unknown = await rejects("tls.unknown CA", fetch(`https://127.0.0.1:${config.unknownPort}/hello`),
    certError("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"));
  console.log(`  ${describe(unknown)}`);
  // The CA stays trusted for later connections after failures.
  r = await fetch(`${good}/hello`);
  eq("tls.good server after failures", await r.text(), "hello world");
  await rejects("tls.plain HTTP to a TLS port", fetch(`http://127.0.0.1:${config.port}/hello`),
    (e) => e instanceof TypeError && e.message === "fetch failed" && typeof e.cause?.code === "string");
  await expectNoLeaks("tls.no live connections or handles after certificate errors");
} else {
  // No extra CA (or an unreadable file): the test CA is not trusted.
  const e = await rejects("tls.test CA not trusted without NANO_EXTRA_CA_CERTS", fetch(`${good}/hello`),
    certError("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"));
  console.log(`  ${describe(e)}`);
  await expectNoLeaks("tls.nothing left after the rejection", { idle: 0 });
}

done();
