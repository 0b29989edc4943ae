#pragma once
// Fetches panel: every fetch() the handler made, with phase, status, sizes,
// duration and a DevTools-like waterfall; text filter; HAR export.
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;

namespace nano::app {

class FetchModel;
class RequestFilterProxy;
class TableView;
class WaterfallDelegate;
struct HarOptions;

class FetchesPanel : public QWidget {
  Q_OBJECT

 public:
  explicit FetchesPanel(FetchModel* model, QWidget* parent = nullptr);

  RequestFilterProxy* proxy() const { return m_proxy; }
  TableView* view() const { return m_view; }
  // Writes the rows the view shows (filters applied) as HAR 1.2. Returns false with *error set.
  bool exportHar(const QString& path, const HarOptions& options, QString* error) const;
  // The waterfall's time axis: from the first start to the last end among the rows in
  // view (a timer does this a few times a second while the panel is visible).
  void updateWaterfallRange();

 signals:
  void exportRequested();

 private:
  void updateSummary();

  FetchModel* m_model;
  RequestFilterProxy* m_proxy;
  TableView* m_view;
  QLineEdit* m_filter;
  QLabel* m_summary;
  WaterfallDelegate* m_waterfall;
  QTimer m_rangeTimer;
};

}  // namespace nano::app
