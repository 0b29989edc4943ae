// Runtime: evaluation, the microtask/timer order, error reporting and teardown.
#include <QtTest>

#include "core/errors.h"
#include "runtime_harness.h"

using nano::test::RuntimeHarness;

class TestRuntime : public QObject {
  Q_OBJECT

 private slots:
  void evalReturnsCompletionValue_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected");
    QTest::newRow("arithmetic") << "6 * 7" << "42";
    QTest::newRow("string") << "'na' + 'no'" << "nano";
    QTest::newRow("global this is self") << "globalThis === self" << "true";
    QTest::newRow("unicode") << "'\\u00e9\\u{1F600}'.length" << "3";
  }
  void evalReturnsCompletionValue() {
    QFETCH(QString, code);
    QFETCH(QString, expected);
    RuntimeHarness h;
    v8::HandleScope scope(h.runtime().isolate());
    v8::Local<v8::Value> result;
    QVERIFY(h.runtime().evalScript(code.toStdString(), "eval", &result));
    QCOMPARE(QString::fromStdString(nano::toStdString(h.runtime().isolate(), result)), expected);
  }

  void microtasksRunBeforeTimersInOrder() {
    RuntimeHarness h;
    QVERIFY(h.run(R"(
      const order = [];
      setTimeout(() => order.push("t2"), 2);
      setTimeout(() => order.push("t0a"), 0);
      setTimeout(() => order.push("t0b"), 0);
      Promise.resolve().then(() => order.push("p"));
      queueMicrotask(() => order.push("m"));
      setTimeout(() => console.log(order.join(",")), 20);
    )"));
    QCOMPARE(h.outText(), QStringLiteral("p,m,t0a,t0b,t2\n"));
  }

  void intervalRepeatsUntilCleared() {
    RuntimeHarness h;
    QVERIFY(h.run(R"(
      let n = 0;
      const id = setInterval((step) => { n += step; if (n === 3) { clearInterval(id); console.log("done", n); } }, 1, 1);
    )"));
    QCOMPARE(h.outText(), QStringLiteral("done 3\n"));
    QCOMPARE(h.liveHandles(), 0);
  }

  void uncaughtErrorSetsExitCodeAndReportsLocation() {
    RuntimeHarness h;
    QVERIFY(!h.run("\n\nnull.boom;"));
    QCOMPARE(h.runtime().exitCode(), 1);
    QVERIFY2(h.errText().contains("test.js:3:6"), qPrintable(h.errText()));
    QVERIFY(h.errText().contains("Uncaught TypeError"));
  }

  void errorInTimerStopsTheLoop() {
    RuntimeHarness h;
    QVERIFY(!h.run("setTimeout(() => { throw new Error('late') }, 1); setTimeout(() => console.log('never'), 50);"));
    QCOMPARE(h.runtime().exitCode(), 1);
    QVERIFY(h.errText().contains("Uncaught Error: late"));
    QCOMPARE(h.outText(), QString());
  }

  void replModeKeepsRunningAfterAnError() {
    RuntimeHarness h(false);
    QVERIFY(h.run("setTimeout(() => { throw new Error('first') }, 1); setTimeout(() => console.log('still here'), 10);"));
    QVERIFY(h.errText().contains("Uncaught Error: first"));
    QCOMPARE(h.outText(), QStringLiteral("still here\n"));
  }

  void unhandledRejectionFailsTheRun() {
    RuntimeHarness h;
    QVERIFY(!h.run("Promise.reject(new RangeError('nope'))"));
    QCOMPARE(h.runtime().exitCode(), 1);
    QVERIFY(h.errText().contains("Uncaught (in promise) RangeError: nope"));
  }

  void lateHandlerMeansHandled() {
    RuntimeHarness h;
    QVERIFY(h.run("const p = Promise.reject(new Error('x')); p.catch(() => console.log('handled'));"));
    QCOMPARE(h.outText(), QStringLiteral("handled\n"));
  }

  void exitStopsImmediately() {
    RuntimeHarness h;
    h.run("console.log('a'); nano.exit(7); console.log('b');");
    QCOMPARE(h.runtime().exitCode(), 7);
    QCOMPARE(h.outText(), QStringLiteral("a\n"));
  }

  // No fixed-size buffer between JS and the output sink.
  void fiftyMegabyteConsoleLine() {
    RuntimeHarness h;
    QVERIFY(h.run("console.log('\\u00e9'.repeat(25 * 1024 * 1024) + 'end')"));
    QCOMPARE(h.out().size(), size_t(50 * 1024 * 1024 + 4));
    QVERIFY(h.out().ends_with("end\n"));
    QCOMPARE(h.out().substr(0, 4), std::string("\xc3\xa9\xc3\xa9"));
  }

  void teardownLeavesNoHandles() {
    RuntimeHarness h;
    QVERIFY(h.run("setTimeout(() => {}, 1); const id = setTimeout(() => {}, 100000); clearTimeout(id);"));
    QCOMPARE(h.liveHandles(), 0);
  }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
