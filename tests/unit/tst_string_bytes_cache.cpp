// StringBytesCache: the bytes of a string are right whether they come from
// the table or from V8, for literals, equal strings of other identity, Latin-1
// text, long strings and more distinct strings than the table has slots.
#include <QtTest>

#include "core/string_bytes_cache.h"
#include "runtime_harness.h"

using nano::StringBytesCache;
using nano::test::RuntimeHarness;

namespace {

v8::Local<v8::String> evalString(RuntimeHarness& h, const std::string& code) {
  v8::Local<v8::Value> value;
  if (!h.runtime().evalScript(code, "test.js", &value) || !value->IsString()) qFatal("not a string: %s", code.c_str());
  return value.As<v8::String>();
}

}  // namespace

class TestStringBytesCache : public QObject {
  Q_OBJECT

 private slots:
  void literalAgainAndAgain() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    StringBytesCache cache;
    v8::Local<v8::String> name = evalString(h, "globalThis.name = 'content-type'; name");
    for (int i = 0; i < 5; ++i) {
      std::string out = "x:";
      cache.appendLatin1(isolate, name, out);
      QCOMPARE(QString::fromStdString(out), QStringLiteral("x:content-type"));
    }
  }

  void equalTextOtherIdentity() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    StringBytesCache cache;
    std::string out;
    cache.appendLatin1(isolate, evalString(h, "'text/plain'"), out);
    cache.appendLatin1(isolate, evalString(h, "['text', 'plain'].join('/')"), out);
    cache.appendLatin1(isolate, evalString(h, "'text/html'"), out);
    QCOMPARE(QString::fromStdString(out), QStringLiteral("text/plaintext/plaintext/html"));
  }

  void latin1AndLong() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    StringBytesCache cache;
    for (int round = 0; round < 2; ++round) {
      std::string out;
      cache.appendLatin1(isolate, evalString(h, "'caf\\u00e9'"), out);
      QCOMPARE(out, std::string("caf\xe9"));
      out.clear();
      cache.appendLatin1(isolate, evalString(h, "'v'.repeat(1000)"), out);
      QCOMPARE(out, std::string(1000, 'v'));
      out.clear();
      cache.appendLatin1(isolate, evalString(h, "''"), out);
      QVERIFY(out.empty());
    }
  }

  // Many more strings than slots, each new, then the first ones again: every
  // answer is that string's own bytes.
  void moreStringsThanSlots() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    StringBytesCache cache;
    const int count = static_cast<int>(StringBytesCache::kSlots) * 4;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < count; ++i) {
        std::string out;
        cache.appendLatin1(isolate, evalString(h, "'name-" + std::to_string(i) + "'"), out);
        QCOMPARE(out, "name-" + std::to_string(i));
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestStringBytesCache)
#include "tst_string_bytes_cache.moc"
