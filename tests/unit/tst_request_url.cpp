// RequestUrl: whenever it builds a request URL without the parser, the result
// is exactly what ada makes of "http://" + Host + target; it leaves to the
// parser what it cannot vouch for.
#include <QtTest>

#include <ada.h>

#include <random>
#include <string>

#include "serve/request_url.h"

using nano::serve::RequestUrl;

namespace {
std::string adaHref(const std::string& host, const std::string& target) {
  auto url = ada::parse<ada::url_aggregator>(
      "http://" + (host.empty() ? std::string("localhost") : host) + target);
  return url ? std::string(url->get_href()) : std::string("<invalid>");
}
}  // namespace

class TestRequestUrl : public QObject {
  Q_OBJECT

 private slots:
  void plainTargetsSkipTheParser() {
    RequestUrl url;
    std::string href;
    QVERIFY(url.build("127.0.0.1:8787", "/hello", &href));
    QCOMPARE(href, std::string("http://127.0.0.1:8787/hello"));
    QVERIFY(url.build("127.0.0.1:8787", "/a/b?x=1&y=%20z", &href));
    QCOMPARE(href, std::string("http://127.0.0.1:8787/a/b?x=1&y=%20z"));
    // The origin is the parser's: case, default port.
    QVERIFY(url.build("Example.COM:80", "/", &href));
    QCOMPARE(href, std::string("http://example.com/"));
    QVERIFY(url.build("", "/x", &href));
    QCOMPARE(href, std::string("http://localhost/x"));
  }

  void leavesTheRestToTheParser() {
    RequestUrl url;
    std::string href;
    for (const char* target : {"/a/../b", "/./a", "/%2e%2E/x", "/a b", "/a\\b", "/#x",
                               "/caf\xc3\xa9", "*", "http://other/x", "/a?'q'", "/{x}", ""}) {
      QVERIFY2(!url.build("localhost:1", target, &href), target);
    }
    for (const char* host : {"a/b", "user@h", "h?q", "h#f", "bad host", "[::1"}) {
      QVERIFY2(!url.build(host, "/x", &href), host);
    }
  }

  // Random targets over an alphabet rich in the characters the parser treats
  // specially: every URL built without it must be the parser's own.
  void agreesWithTheParser() {
    const std::string alphabet = "/aZ09.-_~!$&()*+,;=:@?%#'\"<>`{}[]|^\\ 2eE\t\x7f\xc3\xa9";
    const char* hosts[] = {"127.0.0.1:8787",           "LocalHost", "[::1]:80",
                           "xn--nxasmq6b.example:443", "0x7f.1",    "h:"};
    std::mt19937 random(1234);
    RequestUrl url;
    int built = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string host = hosts[i % std::size(hosts)];
      std::string target = "/";
      size_t length = random() % 12;
      for (size_t j = 0; j < length; ++j) target += alphabet[random() % alphabet.size()];
      std::string href;
      if (!url.build(host, target, &href)) continue;
      ++built;
      QCOMPARE(href, adaHref(host, target));
    }
    QVERIFY(built > 1000);  // the fast path is taken, not just skipped
  }
};

QTEST_APPLESS_MAIN(TestRequestUrl)
#include "tst_request_url.moc"
