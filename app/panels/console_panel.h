#pragma once
// Console panel: what the handler printed (stdout, stderr in red) and the
// workbench's own notes (reloads, watchdog kills, load failures).
#include <QWidget>

class QLabel;
class QLineEdit;

namespace nano::app {

class ConsoleModel;
class RequestFilterProxy;
class TableView;

class ConsolePanel : public QWidget {
  Q_OBJECT

 public:
  explicit ConsolePanel(ConsoleModel* model, QWidget* parent = nullptr);
  TableView* view() const { return m_view; }

 signals:
  void clearRequested();

 private:
  RequestFilterProxy* m_proxy;
  TableView* m_view;
  QLineEdit* m_filter;
};

}  // namespace nano::app
