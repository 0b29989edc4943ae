// HAR 1.2 export of fetch records: required fields, timings from phase starts.
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include "models/har_export.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestHarExport : public QObject {
  Q_OBJECT

 private slots:
  void logShapeAndTimings() {
    FetchOp done = fetch(1, FetchPhase::Done, 1000, 9);
    done.url = "http://127.0.0.1:8080/items?a=1&b=two";
    done.bytesReceived = 512;
    FetchOp failed = fetch(2, FetchPhase::Connecting, 0);
    failed.phase = FetchPhase::Failed;
    failed.phaseStart[static_cast<int>(FetchPhase::Failed)] = 45;
    failed.error = "connect ECONNREFUSED";
    HarOptions options;
    options.epochMsAtFeedStart = 1'700'000'000'000.0;
    options.creatorVersion = QStringLiteral("0.1.0");
    QJsonObject log = toHar({&done, &failed}, options).object().value(QStringLiteral("log")).toObject();
    QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
    QCOMPARE(log.value(QStringLiteral("creator")).toObject().value(QStringLiteral("version")).toString(),
             QStringLiteral("0.1.0"));
    QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 2);

    QJsonObject first = entries[0].toObject();
    QCOMPARE(first.value(QStringLiteral("startedDateTime")).toString(), QStringLiteral("2023-11-14T22:13:21.000Z"));
    QJsonObject request = first.value(QStringLiteral("request")).toObject();
    QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(request.value(QStringLiteral("queryString")).toArray().size(), 2);
    for (const char* key : {"cookies", "headers"}) QVERIFY(request.value(QLatin1String(key)).isArray());
    QJsonObject response = first.value(QStringLiteral("response")).toObject();
    QCOMPARE(response.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(response.value(QStringLiteral("content")).toObject().value(QStringLiteral("size")).toInt(), 512);
    QJsonObject timings = first.value(QStringLiteral("timings")).toObject();
    // Phases 10 ms apart: blocked, dns, connect (+ssl inside), send, wait, receive.
    QCOMPARE(timings.value(QStringLiteral("blocked")).toDouble(), 10.0);
    QCOMPARE(timings.value(QStringLiteral("dns")).toDouble(), 10.0);
    QCOMPARE(timings.value(QStringLiteral("connect")).toDouble(), 20.0);
    QCOMPARE(timings.value(QStringLiteral("ssl")).toDouble(), 10.0);
    QCOMPARE(timings.value(QStringLiteral("receive")).toDouble(), 10.0);
    QCOMPARE(first.value(QStringLiteral("time")).toDouble(), 70.0);
    QCOMPARE(first.value(QStringLiteral("_requestId")).toInt(), 9);

    QJsonObject second = entries[1].toObject();
    QCOMPARE(second.value(QStringLiteral("timings")).toObject().value(QStringLiteral("send")).toDouble(), 0.0);
    QCOMPARE(second.value(QStringLiteral("response")).toObject().value(QStringLiteral("_error")).toString(),
             QStringLiteral("connect ECONNREFUSED"));
  }
};

QTEST_GUILESS_MAIN(TestHarExport)
#include "tst_har_export.moc"
