#pragma once
// The table view every panel uses: sortable, uniform rows (fast with 10 000
// rows), units formatted by UnitDelegate, optional auto-scroll to new rows.
#include <QTreeView>

namespace nano::app {

class TableView : public QTreeView {
  Q_OBJECT

 public:
  explicit TableView(QWidget* parent = nullptr);

  void setModel(QAbstractItemModel* model) override;
  // Keeps the newest row in view while the user is at the bottom.
  void setFollowTail(bool follow) { m_followTail = follow; }
  // Column widths from the header's texts and a sample of rows, once.
  void fitColumns(const QList<int>& widths = {});

 private:
  bool m_followTail = false;
  bool m_atEnd = true;
  bool m_adjusting = false;
};

}  // namespace nano::app
