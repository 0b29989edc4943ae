#pragma once
// The example handlers embedded from resources/examples (workbench_*.mjs).
#include <QString>
#include <QStringList>

namespace nano::app {

// Registers the embedded resources (examples, icons) of the static library; idempotent.
void initResources();
// "hello", "fetch_fanout", ... in the order of the File > Examples menu.
QStringList exampleNames();
// One line about the example (its first comment line).
QString exampleSummary(const QString& name);
// Writes the example to a writable folder (the runtime loads files) and returns
// its path; empty with *error set on failure.
QString extractExample(const QString& name, QString* error);

}  // namespace nano::app
