#pragma once
// ConsoleModel: the handler's console output (and the workbench's own notes),
// one row per line, capped: the oldest lines go first.
#include <QAbstractTableModel>
#include <QString>

#include <deque>
#include <vector>

#include "model_roles.h"

namespace nano::app {

class ConsoleModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Columns { Time, Source, Text, ColumnCount };
  enum Roles { SourceRole = CommonRoleEnd };
  enum class LineSource { Stdout, Stderr, Host };

  struct Line {
    double t = 0;  // ms since the session started
    LineSource source = LineSource::Stdout;
    QString text;
  };

  explicit ConsoleModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // One row per line of text (a final newline ends the last line, it adds none).
  void append(double t, LineSource source, const QString& text);
  // earlierErrorLines: stderr lines that came before these and were left out
  // (beyond the cap); they still count in errorCount().
  void appendLines(std::vector<Line> lines, uint64_t earlierErrorLines = 0);
  void clear();
  void setCap(size_t lines) { m_cap = lines; }
  size_t cap() const { return m_cap; }

  const Line& lineAt(int row) const { return m_lines[static_cast<size_t>(row)]; }
  uint64_t errorCount() const { return m_errors; }

 private:
  std::deque<Line> m_lines;
  size_t m_cap = 5000;
  uint64_t m_errors = 0;
};

}  // namespace nano::app
