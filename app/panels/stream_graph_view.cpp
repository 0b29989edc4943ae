#include "stream_graph_view.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>

#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "delegates/format.h"
#include "models/record_text.h"
#include "models/stream_model.h"

namespace nano::app {

namespace {

using telemetry::Id;
using telemetry::StreamInfo;
using telemetry::StreamKind;

constexpr qreal kNodeWidth = 172;
constexpr qreal kNodeHeight = 56;
constexpr qreal kColumnGap = 64;
constexpr qreal kRowGap = 12;
constexpr qreal kComponentGap = 26;

QColor kindTint(StreamKind kind) {
  switch (kind) {
    case StreamKind::Readable: return QColor(0xe3, 0xf2, 0xfd);
    case StreamKind::Writable: return QColor(0xf3, 0xe5, 0xf5);
    case StreamKind::Transform: return QColor(0xe0, 0xf2, 0xf1);
  }
  return Qt::white;
}

class StreamNode : public QGraphicsItem {
 public:
  StreamNode(const StreamInfo& info, bool live) : m_info(info), m_live(live) {
    setFlag(ItemIsSelectable);
    setToolTip(QStringLiteral("#%1 %2 (%3)\nqueue %4 / highWaterMark %5, desiredSize %6%7")
                   .arg(info.id)
                   .arg(QString::fromLatin1(telemetry::toString(info.streamKind)), toQString(info.state))
                   .arg(formatCount(info.queueBytes), formatCount(info.highWaterMark), formatCount(info.desiredSize))
                   .arg(info.backpressure ? QStringLiteral("\nbackpressure") : QString()));
    setData(0, QVariant::fromValue<qulonglong>(info.id));
    if (!live) setOpacity(0.45);
  }

  QRectF boundingRect() const override { return QRectF(-2, -2, kNodeWidth + 4, kNodeHeight + 4); }

  void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
    painter->setRenderHint(QPainter::Antialiasing);
    QRectF box(0, 0, kNodeWidth, kNodeHeight);
    QPen border(m_info.backpressure ? fillColor(1, true) : QColor(0x78, 0x90, 0x9c), m_info.backpressure ? 2.2 : 1.2);
    if (isSelected()) border = QPen(QColor(0x19, 0x76, 0xd2), 3);
    painter->setPen(border);
    painter->setBrush(kindTint(m_info.streamKind));
    painter->drawRoundedRect(box, 6, 6);

    QFont font = painter->font();
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(Qt::black);
    QString title = QStringLiteral("#%1 %2").arg(m_info.id).arg(QString::fromLatin1(telemetry::toString(m_info.streamKind)));
    if (m_info.teeParent) title += QStringLiteral(" (tee)");
    painter->drawText(QRectF(8, 3, kNodeWidth - 16, 18), Qt::AlignLeft | Qt::AlignVCenter, title);
    font.setBold(false);
    painter->setFont(font);
    QString line = QStringLiteral("%1 · q %2/%3")
                       .arg(toQString(m_info.state), formatCount(m_info.queueBytes),
                            formatCount(m_info.highWaterMark));
    if (m_info.locked) line += QStringLiteral(" · locked");
    painter->setPen(QColor(0x37, 0x47, 0x4f));
    painter->drawText(QRectF(8, 20, kNodeWidth - 16, 16), Qt::AlignLeft | Qt::AlignVCenter, line);

    // Queue fill: how full the queue is against its highWaterMark.
    double fill = StreamModel::fillOf(m_info);
    QRectF bar(8, kNodeHeight - 15, kNodeWidth - 16, 8);
    painter->setPen(QColor(0xb0, 0xbe, 0xc5));
    painter->setBrush(Qt::white);
    painter->drawRect(bar);
    QRectF filled = bar.adjusted(1, 1, -1, -1);
    filled.setWidth(filled.width() * std::clamp(fill, 0.0, 1.0));
    painter->fillRect(filled, fillColor(fill, m_info.backpressure));
  }

 private:
  StreamInfo m_info;
  bool m_live;
};

QGraphicsPathItem* edgeItem(QPointF from, QPointF to, bool tee, bool pressured) {
  QPainterPath path(from);
  qreal dx = std::max<qreal>(24, (to.x() - from.x()) / 2);
  path.cubicTo(from + QPointF(dx, 0), to - QPointF(dx, 0), to);
  // Arrow head.
  QPointF tip = to;
  path.moveTo(tip);
  path.lineTo(tip + QPointF(-8, -4.5));
  path.moveTo(tip);
  path.lineTo(tip + QPointF(-8, 4.5));
  auto* item = new QGraphicsPathItem(path);
  QPen pen(pressured ? fillColor(1, true) : (tee ? QColor(0x54, 0x6e, 0x7a) : QColor(0x26, 0x32, 0x38)), 1.6);
  if (tee) pen.setStyle(Qt::DashLine);
  item->setPen(pen);
  item->setZValue(-1);
  return item;
}

}  // namespace

StreamGraphView::StreamGraphView(QWidget* parent) : QGraphicsView(parent) {
  setScene(new QGraphicsScene(this));
  setRenderHint(QPainter::Antialiasing);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setAlignment(Qt::AlignLeft | Qt::AlignTop);
  setBackgroundBrush(QColor(0xfa, 0xfa, 0xfa));
  connect(scene(), &QGraphicsScene::selectionChanged, this, [this] {
    if (m_rebuilding) return;
    const QList<QGraphicsItem*> selected = scene()->selectedItems();
    if (!selected.isEmpty()) {
      m_selected = selected.first()->data(0).toULongLong();
      emit streamClicked(*m_selected);
    }
  });
}

void StreamGraphView::setModel(StreamModel* model) {
  m_model = model;
  refresh();
}

void StreamGraphView::setRequestFilter(std::optional<Id> request) {
  m_request = request;
  refresh();
}

void StreamGraphView::setSelectedStream(std::optional<Id> id) {
  if (id == m_selected) return;
  m_selected = id;
  refresh();
}

void StreamGraphView::refresh() {
  m_rebuilding = true;
  scene()->clear();
  m_nodeCount = 0;
  m_edgeCount = 0;
  if (!m_model) {
    m_rebuilding = false;
    return;
  }

  // Choose the nodes: live streams first, newest first, then recently closed ones.
  std::vector<int> rows;
  for (int pass = 0; pass < 2; ++pass) {
    for (int r = m_model->rowCount() - 1; r >= 0 && static_cast<int>(rows.size()) < m_maxNodes; --r) {
      const auto& row = m_model->rowAt(r);
      if (row.live != (pass == 0)) continue;
      if (m_request && row.record.request != m_request) continue;
      rows.push_back(r);
    }
  }
  std::unordered_map<Id, int> rowOf;
  for (int r : rows) rowOf[m_model->rowAt(r).record.id] = r;

  // Edges among chosen nodes: tee parent → branch, pipe source → destination.
  struct Edge {
    Id from;
    Id to;
    bool tee;
  };
  std::vector<Edge> edges;
  std::set<std::pair<Id, Id>> seen;
  auto addEdge = [&](Id from, Id to, bool tee) {
    if (!rowOf.count(from) || !rowOf.count(to) || from == to || !seen.insert({from, to}).second) return;
    edges.push_back({from, to, tee});
  };
  for (int r : rows) {
    const StreamInfo& s = m_model->rowAt(r).record;
    if (s.teeParent) addEdge(*s.teeParent, s.id, true);
    for (Id b : s.teeBranches) addEdge(s.id, b, true);
    if (s.pipeTo) addEdge(s.id, *s.pipeTo, false);
    if (s.pipeFrom) addEdge(*s.pipeFrom, s.id, false);
  }

  // Components (union-find) and depth (longest path from a root, bounded).
  std::unordered_map<Id, Id> parent;
  std::function<Id(Id)> find = [&](Id x) {
    auto it = parent.find(x);
    if (it == parent.end() || it->second == x) return x;
    return it->second = find(it->second);
  };
  for (const auto& [id, r] : rowOf) parent[id] = id;
  for (const Edge& e : edges) parent[find(e.from)] = find(e.to);
  std::unordered_map<Id, int> depth;
  for (const auto& [id, r] : rowOf) depth[id] = 0;
  for (size_t round = 0; round < rowOf.size(); ++round) {
    bool moved = false;
    for (const Edge& e : edges) {
      if (depth[e.to] < depth[e.from] + 1 && depth[e.from] + 1 < 32) {
        depth[e.to] = depth[e.from] + 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  // component root -> depth -> ids (ascending)
  std::map<Id, std::map<int, std::vector<Id>>, std::greater<>> components;
  std::unordered_map<Id, Id> newest;  // component root -> newest id in it (sort key)
  for (const auto& [id, r] : rowOf) {
    Id root = find(id);
    components[root][depth[id]].push_back(id);
    newest[root] = std::max(newest[root], id);
  }
  std::vector<Id> order;
  for (const auto& [root, columns] : components) order.push_back(root);
  std::sort(order.begin(), order.end(), [&](Id a, Id b) { return newest[a] > newest[b]; });

  std::unordered_map<Id, QPointF> position;
  auto* legend = scene()->addText(tr("- - tee (branch)   —— pipe   red: backpressure   faded: closed"));
  legend->setDefaultTextColor(QColor(0x60, 0x7d, 0x8b));
  legend->setPos(0, -28);
  // Components are blocks (columns by depth), packed left to right in shelves
  // as wide as the view, newest first.
  const qreal shelfWidth = std::max<qreal>(viewport()->width() - 24, kNodeWidth);
  qreal shelfX = 0;
  qreal shelfY = 0;
  qreal shelfHeight = 0;
  for (Id root : order) {
    auto& columns = components[root];
    int depthCount = columns.empty() ? 1 : columns.rbegin()->first + 1;
    size_t tallest = 0;
    for (const auto& [column, ids] : columns) tallest = std::max(tallest, ids.size());
    qreal blockWidth = depthCount * (kNodeWidth + kColumnGap) - kColumnGap;
    qreal blockHeight = static_cast<qreal>(tallest) * (kNodeHeight + kRowGap) - kRowGap;
    if (shelfX > 0 && shelfX + blockWidth > shelfWidth) {
      shelfX = 0;
      shelfY += shelfHeight + kComponentGap;
      shelfHeight = 0;
    }
    for (auto& [column, ids] : columns) {
      std::sort(ids.begin(), ids.end());
      qreal x = shelfX + column * (kNodeWidth + kColumnGap);
      qreal cy = shelfY;
      for (Id id : ids) {
        const auto& row = m_model->rowAt(rowOf[id]);
        auto* node = new StreamNode(row.record, row.live);
        node->setPos(x, cy);
        scene()->addItem(node);
        if (m_selected && *m_selected == id) node->setSelected(true);
        position[id] = QPointF(x, cy);
        cy += kNodeHeight + kRowGap;
        ++m_nodeCount;
      }
    }
    shelfX += blockWidth + kComponentGap;
    shelfHeight = std::max(shelfHeight, blockHeight);
  }
  for (const Edge& e : edges) {
    QPointF from = position[e.from] + QPointF(kNodeWidth, kNodeHeight / 2);
    QPointF to = position[e.to] + QPointF(0, kNodeHeight / 2);
    bool pressured = m_model->rowAt(rowOf[e.to]).record.backpressure;
    scene()->addItem(edgeItem(from, to, e.tee, pressured));
    ++m_edgeCount;
  }
  if (m_nodeCount == 0) {
    delete legend;
    auto* text = scene()->addText(m_request ? tr("No streams in request #%1").arg(*m_request) : tr("No streams yet"));
    text->setDefaultTextColor(Qt::gray);
  }
  scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-10, -10, 10, 10));
  m_rebuilding = false;
  fit();
}

void StreamGraphView::fit() {
  if (m_userZoomed) return;
  QRectF content = sceneRect();
  QSizeF view = viewport()->size();
  if (content.isEmpty() || view.isEmpty()) return;
  // Shrink to show more of the graph, never below half size, never enlarge.
  qreal scale = std::clamp(std::min(view.width() / content.width(), view.height() / content.height()), 0.75, 1.0);
  setTransform(QTransform::fromScale(scale, scale));
}

void StreamGraphView::wheelEvent(QWheelEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier)) return QGraphicsView::wheelEvent(event);
  m_userZoomed = true;
  qreal factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
  scale(factor, factor);
}

void StreamGraphView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  fit();
}

}  // namespace nano::app
