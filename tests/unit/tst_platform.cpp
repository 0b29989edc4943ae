// Platform: V8's foreground tasks run on the runtime's uv loop, delayed ones
// wake an otherwise idle loop.
#include <QtTest>

#include "runtime_harness.h"

using nano::test::RuntimeHarness;

class TestPlatform : public QObject {
  Q_OBJECT

 private slots:
  // Atomics.waitAsync's timeout is a delayed foreground task posted by V8.
  void delayedForegroundTaskWakesTheLoop() {
    RuntimeHarness h;
    QVERIFY(h.run(R"(
      const cell = new Int32Array(new SharedArrayBuffer(4));
      const started = Date.now();
      Atomics.waitAsync(cell, 0, 0, 30).value.then((outcome) => {
        console.log(outcome, Date.now() - started >= 29);
      });
      setTimeout(() => console.log("keep-alive timer"), 300);
    )"));
    QCOMPARE(h.outText(), QStringLiteral("timed-out true\nkeep-alive timer\n"));
  }

  // A task posted from another thread (Atomics.notify resolves the waiter via V8's task).
  void notifyResolvesWaiter() {
    RuntimeHarness h;
    QVERIFY(h.run(R"(
      const cell = new Int32Array(new SharedArrayBuffer(4));
      Atomics.waitAsync(cell, 0, 0).value.then((outcome) => console.log(outcome));
      setTimeout(() => Atomics.notify(cell, 0), 5);
      setTimeout(() => {}, 100);
    )"));
    QCOMPARE(h.outText(), QStringLiteral("ok\n"));
  }

  void twoRuntimesOnOneThreadInSequence() {
    for (int i = 0; i < 3; ++i) {
      RuntimeHarness h;
      QVERIFY(h.run("setTimeout(() => console.log('run'), 1)"));
      QCOMPARE(h.outText(), QStringLiteral("run\n"));
    }
  }
};

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
