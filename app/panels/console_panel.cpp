#include "console_panel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "delegates/unit_delegate.h"
#include "models/console_model.h"
#include "models/request_filter_proxy.h"
#include "table_view.h"

namespace nano::app {

namespace {
// Colours lines by source; the text column in a fixed-width font.
class ConsoleDelegate : public UnitDelegate {
 public:
  using UnitDelegate::UnitDelegate;

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
    UnitDelegate::initStyleOption(option, index);
    auto source = static_cast<ConsoleModel::LineSource>(index.data(ConsoleModel::SourceRole).toInt());
    if (source == ConsoleModel::LineSource::Stderr) {
      option->palette.setColor(QPalette::Text, QColor(0xc6, 0x28, 0x28));
      option->backgroundBrush = QColor(0xff, 0xeb, 0xee);
    } else if (source == ConsoleModel::LineSource::Host) {
      option->palette.setColor(QPalette::Text, QColor(0x15, 0x65, 0xc0));
      option->font.setItalic(true);
    }
    if (index.column() == ConsoleModel::Text) option->font.setFamily(QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
  }
};
}  // namespace

ConsolePanel::ConsolePanel(ConsoleModel* model, QWidget* parent)
    : QWidget(parent), m_proxy(new RequestFilterProxy(this)), m_view(new TableView(this)), m_filter(new QLineEdit(this)) {
  m_proxy->setSourceModel(model);
  m_view->setModel(m_proxy);
  m_view->setSortingEnabled(false);  // lines stay in the order they were written
  m_proxy->sort(-1);
  m_view->setAlternatingRowColors(false);
  m_view->setItemDelegate(new ConsoleDelegate(m_view));
  m_view->setFollowTail(true);
  m_view->fitColumns({76, 80});
  m_filter->setPlaceholderText(tr("Filter output…"));
  m_filter->setClearButtonEnabled(true);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &RequestFilterProxy::setTextFilter);
  auto* clear = new QPushButton(tr("Clear"), this);
  connect(clear, &QPushButton::clicked, this, &ConsolePanel::clearRequested);
  auto* bar = new QHBoxLayout;
  bar->addWidget(m_filter, 1);
  bar->addWidget(clear);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(m_view, 1);
}

}  // namespace nano::app
