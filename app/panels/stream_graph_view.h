#pragma once
// StreamGraphView: the streams as a graph. Nodes are streams (sources, tee
// branches, writables) with a queue-fill bar, red when under backpressure;
// edges are tee (dashed, parent → branch) and pipeTo (solid, source → sink).
// Live streams come first; closed ones fade and fill the rest of the budget.
#include <QGraphicsView>

#include <optional>

#include "telemetry/records.h"

namespace nano::app {

class StreamModel;

class StreamGraphView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit StreamGraphView(QWidget* parent = nullptr);

  void setModel(StreamModel* model);
  void setRequestFilter(std::optional<telemetry::Id> request);
  void setSelectedStream(std::optional<telemetry::Id> id);
  void setMaxNodes(int nodes) { m_maxNodes = nodes; }
  int nodeCount() const { return m_nodeCount; }
  int edgeCount() const { return m_edgeCount; }

 public slots:
  // Rebuilds the scene from the model (cheap for the node budget; called a few times a second).
  void refresh();

 signals:
  void streamClicked(qulonglong id);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void fit();

  StreamModel* m_model = nullptr;
  std::optional<telemetry::Id> m_request;
  std::optional<telemetry::Id> m_selected;
  int m_maxNodes = 60;
  int m_nodeCount = 0;
  int m_edgeCount = 0;
  bool m_userZoomed = false;
  bool m_rebuilding = false;
};

}  // namespace nano::app
