// SlotCredit: an occupant with no credit gives way at once; hits buy it up to
// kMax misses; credit stops growing at kMax.
#include <QtTest>

#include "core/slot_credit.h"

using nano::SlotCredit;

class TestSlotCredit : public QObject {
  Q_OBJECT

 private slots:
  void newOccupantGivesWayAtOnce() {
    SlotCredit credit;
    QVERIFY(credit.yieldsToNewcomer());
    QVERIFY(credit.yieldsToNewcomer());
  }

  void eachHitBuysOneMiss() {
    SlotCredit credit;
    credit.hit();
    credit.hit();
    QVERIFY(!credit.yieldsToNewcomer());
    QVERIFY(!credit.yieldsToNewcomer());
    QVERIFY(credit.yieldsToNewcomer());
  }

  void creditStopsAtMax() {
    SlotCredit credit;
    for (int i = 0; i < 100; ++i) credit.hit();
    for (int i = 0; i < SlotCredit::kMax; ++i) QVERIFY(!credit.yieldsToNewcomer());
    QVERIFY(credit.yieldsToNewcomer());
  }
};

QTEST_GUILESS_MAIN(TestSlotCredit)
#include "tst_slot_credit.moc"
