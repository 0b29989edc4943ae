// PromiseCounter: counts every promise a context makes (new Promise, async
// functions, then() chains) with either hook, and nothing once removed.
#include <QtTest>

#include "core/promise_counter.h"
#include "runtime_harness.h"

using nano::test::RuntimeHarness;

namespace {

// Runs code that makes promises; returns how many the counter saw.
uint64_t countWhile(RuntimeHarness& h, nano::PromiseCounter& counter, const std::string& code) {
  counter.take();
  v8::HandleScope scope(h.runtime().isolate());
  v8::Local<v8::Value> ignored;
  if (!h.runtime().evalScript(code, "count", &ignored)) return ~0ull;
  return counter.take();
}

}  // namespace

class TestPromiseCounter : public QObject {
  Q_OBJECT

 private slots:
  void countsWithEitherHook_data() {
    QTest::addColumn<bool>("debuggerAttached");
    QTest::newRow("JS hook") << false;
    QTest::newRow("native hook (debugger attached)") << true;
  }
  void countsWithEitherHook() {
    QFETCH(bool, debuggerAttached);
    RuntimeHarness h;
    nano::PromiseCounter counter;
    v8::HandleScope scope(h.runtime().isolate());
    counter.install(h.runtime().context(), true, debuggerAttached);
    QCOMPARE(countWhile(h, counter, "for (let i = 0; i < 100; i++) new Promise(() => {});"), 100u);
    // Promise.resolve() makes one, each then() another.
    QCOMPARE(countWhile(h, counter, "Promise.resolve(1).then(() => {}).then(() => {});"), 3u);
    QCOMPARE(countWhile(h, counter, "1 + 1"), 0u);
    counter.install(h.runtime().context(), false, debuggerAttached);
    QCOMPARE(countWhile(h, counter, "for (let i = 0; i < 10; i++) new Promise(() => {});"), 0u);
    counter.reset();
  }

  void switchingHooksKeepsTheCount() {
    RuntimeHarness h;
    nano::PromiseCounter counter;
    v8::HandleScope scope(h.runtime().isolate());
    counter.install(h.runtime().context(), true, false);
    v8::Local<v8::Value> ignored;
    QVERIFY(h.runtime().evalScript("new Promise(() => {}); new Promise(() => {});", "a", &ignored));
    counter.install(h.runtime().context(), true, true);
    QVERIFY(h.runtime().evalScript("new Promise(() => {});", "b", &ignored));
    QCOMPARE(counter.take(), 3u);
    counter.install(h.runtime().context(), false, false);
    counter.reset();
  }
};

QTEST_GUILESS_MAIN(TestPromiseCounter)
#include "tst_promise_counter.moc"
