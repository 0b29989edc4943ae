// RecurringStringCache: the string handed out always holds exactly the bytes
// asked for, whether it was made now or kept: for recurring values, values
// that share a slot's hash (same length and ends), Latin-1 bytes, the empty
// string, long strings and more distinct values than the table has slots.
#include <QtTest>

#include "core/recurring_string_cache.h"
#include "core/v8_strings.h"
#include "runtime_harness.h"

using nano::RecurringStringCache;
using nano::test::RuntimeHarness;

namespace {

std::string bytesOf(v8::Isolate* isolate, v8::Local<v8::String> string) {
  std::string out(static_cast<size_t>(string->Length()), '\0');
  string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0, -1, v8::String::NO_NULL_TERMINATION);
  return out;
}

}  // namespace

class TestRecurringStringCache : public QObject {
  Q_OBJECT

 private slots:
  void recurringValueIsKept() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    RecurringStringCache cache;
    v8::Local<v8::String> first = cache.get(isolate, "127.0.0.1:8080");
    v8::Local<v8::String> again = cache.get(isolate, "127.0.0.1:8080");
    QCOMPARE(bytesOf(isolate, again), std::string("127.0.0.1:8080"));
    QVERIFY(first == again);  // the same string object, not a copy
  }

  // Same length, same first and last eight bytes: the same slot, other text.
  void sameEndsOtherMiddle() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    RecurringStringCache cache;
    const std::string a = "http://host/aaaaaaaaaa/items?x=1";
    const std::string b = "http://host/bbbbbbbbbb/items?x=1";
    for (int round = 0; round < 6; ++round) {
      QCOMPARE(bytesOf(isolate, cache.get(isolate, a)), a);
      QCOMPARE(bytesOf(isolate, cache.get(isolate, b)), b);
    }
  }

  void latin1EmptyAndLong() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    RecurringStringCache cache;
    for (int round = 0; round < 2; ++round) {
      v8::Local<v8::String> latin1 = cache.get(isolate, "caf\xe9");
      QCOMPARE(latin1->Length(), 4);
      QCOMPARE(bytesOf(isolate, latin1), std::string("caf\xe9"));
      QCOMPARE(cache.get(isolate, "")->Length(), 0);
      const std::string longValue(RecurringStringCache::kMaxLength + 1, 'v');
      QCOMPARE(bytesOf(isolate, cache.get(isolate, longValue)), longValue);
      QCOMPARE(bytesOf(isolate, cache.get(isolate, "ab")), std::string("ab"));
    }
  }

  void moreValuesThanSlots() {
    RuntimeHarness h;
    v8::Isolate* isolate = h.runtime().isolate();
    v8::HandleScope scope(isolate);
    RecurringStringCache cache;
    const int count = static_cast<int>(RecurringStringCache::kSlots) * 4;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < count; ++i) {
        std::string value = "value-" + std::to_string(i * 7919);
        QCOMPARE(bytesOf(isolate, cache.get(isolate, value)), value);
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestRecurringStringCache)
#include "tst_recurring_string_cache.moc"
