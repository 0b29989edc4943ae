// PromiseTotalsModel: per-request created/pending/fulfilled/rejected counts.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "models/promise_totals_model.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestPromiseTotalsModel : public QObject {
  Q_OBJECT

 private slots:
  void countsPerRequest() {
    PromiseTotalsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, promise(1, "fetch", 5));
    ev.add(Op::Open, promise(2, "fetch", 5));
    ev.add(Op::Open, promise(3, "timer"));
    ev.add(Op::Update, promise(2, "fetch", 5));  // not counted twice
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 2);
    const auto* five = model.totalsFor(5);
    QVERIFY(five);
    QCOMPARE(five->created, 2ull);
    QCOMPARE(five->pending, 2ull);
    PendingPromise rejected = promise(2, "fetch", 5);
    rejected.outcome = "rejected";
    PendingPromise fulfilled = promise(1, "fetch", 5);
    fulfilled.outcome = "fulfilled";
    ev.add(Op::Close, rejected);
    ev.add(Op::Close, fulfilled);
    PendingPromise unseen = promise(9, "crypto.digest", 5);
    unseen.outcome = "fulfilled";
    ev.add(Op::Close, unseen);  // settled before it was seen open: still created once
    model.apply(ev.take());
    five = model.totalsFor(5);
    QCOMPARE(five->created, 3ull);
    QCOMPARE(five->pending, 0ull);
    QCOMPARE(five->fulfilled, 2ull);
    QCOMPARE(five->rejected, 1ull);
    QCOMPARE(model.index(model.rowCount() - 1, PromiseTotalsModel::Request).data().toString(),
             QStringLiteral("(no request)"));
  }

  void oldFinishedRequestsArePruned() {
    PromiseTotalsModel model;  // no tester: it would walk 10 000 rows per removed run
    model.setRetainLimit(10);
    Events ev;
    for (Id r = 1; r <= 10000; ++r) {
      ev.add(Op::Open, promise(r, "fetch", r));
      if (r % 2) ev.add(Op::Close, promise(r, "fetch", r));
    }
    model.apply(ev.take());
    // Pending ones are kept whatever the limit.
    QCOMPARE(model.rowCount(), 5000);
    QVERIFY(!model.totalsFor(1));
    QVERIFY(model.totalsFor(2));
  }
};

QTEST_GUILESS_MAIN(TestPromiseTotalsModel)
#include "tst_promise_totals_model.moc"
