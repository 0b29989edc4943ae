#include "console_model.h"

#include <QStringList>

namespace nano::app {

ConsoleModel::ConsoleModel(QObject* parent) : QAbstractTableModel(parent) {}

int ConsoleModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}
int ConsoleModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConsoleModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Line& line = lineAt(index.row());
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case Time: return line.t;
        case Source:
          switch (line.source) {
            case LineSource::Stdout: return QStringLiteral("out");
            case LineSource::Stderr: return QStringLiteral("err");
            case LineSource::Host: return QStringLiteral("workbench");
          }
          break;
        case Text: return line.text;
      }
      break;
    case SourceRole: return static_cast<int>(line.source);
    case UnitRole: return int(index.column() == Time ? Unit::Millis : Unit::Text);
  }
  return {};
}

QVariant ConsoleModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* const kNames[ColumnCount] = {"Time", "Source", "Text"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

void ConsoleModel::append(double t, LineSource source, const QString& text) {
  std::vector<Line> lines;
  QString body = text.endsWith(QLatin1Char('\n')) ? text.chopped(1) : text;
  for (const QString& part : body.split(QLatin1Char('\n'))) lines.push_back({t, source, part});
  appendLines(std::move(lines));
}

void ConsoleModel::appendLines(std::vector<Line> lines, uint64_t earlierErrorLines) {
  m_errors += earlierErrorLines;
  if (lines.empty()) return;
  for (const Line& l : lines)
    if (l.source == LineSource::Stderr) ++m_errors;
  // More than the cap at once: only the newest fit.
  if (lines.size() > m_cap) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(m_cap));
  size_t overflow = m_lines.size() + lines.size() > m_cap ? m_lines.size() + lines.size() - m_cap : 0;
  if (overflow) {
    beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
    m_lines.erase(m_lines.begin(), m_lines.begin() + static_cast<std::ptrdiff_t>(overflow));
    endRemoveRows();
  }
  int first = static_cast<int>(m_lines.size());
  beginInsertRows({}, first, first + static_cast<int>(lines.size()) - 1);
  for (Line& l : lines) m_lines.push_back(std::move(l));
  endInsertRows();
}

void ConsoleModel::clear() {
  beginResetModel();
  m_lines.clear();
  m_errors = 0;
  endResetModel();
}

}  // namespace nano::app
