// telemetry::Text: copies share one block, comparisons and views see the
// characters, the empty text allocates nothing, and copies released on
// several threads free the block exactly once (ASan/valgrind would see a
// double free; the counts below see a lost or extra reference).
#include <QtTest>

#include <string>
#include <thread>
#include <vector>

#include "telemetry/text.h"

using nano::telemetry::Text;

class TestText : public QObject {
  Q_OBJECT

 private slots:
  void holdsItsCharacters() {
    Text text("/hello?name=nano");
    QCOMPARE(text.size(), size_t(16));
    QCOMPARE(text.view(), std::string_view("/hello?name=nano"));
    QCOMPARE(text.data()[16], '\0');  // NUL-terminated
    QCOMPARE(text.str(), std::string("/hello?name=nano"));
    QVERIFY(text == "/hello?name=nano");
    QVERIFY(text == std::string_view("/hello?name=nano"));
    QVERIFY(!(text == "/hello"));
  }

  void emptyTextIsEmpty() {
    Text none;
    Text fromEmpty{std::string()};
    QVERIFY(none.empty());
    QVERIFY(fromEmpty.empty());
    QCOMPARE(none.size(), size_t(0));
    QCOMPARE(std::string(none.data()), std::string());
    QVERIFY(none == fromEmpty);
    QVERIFY(none == "");
  }

  void copiesShareOneBlock() {
    Text original("GET");
    Text copy = original;
    QCOMPARE(static_cast<const void*>(copy.data()), static_cast<const void*>(original.data()));
    Text moved = std::move(copy);
    QVERIFY(copy.empty());  // NOLINT: a moved-from Text is empty by contract
    QCOMPARE(static_cast<const void*>(moved.data()), static_cast<const void*>(original.data()));
    moved = Text("POST");
    QCOMPARE(moved.view(), std::string_view("POST"));
    QCOMPARE(original.view(), std::string_view("GET"));
    original = original;  // self-assignment keeps the text
    QCOMPARE(original.view(), std::string_view("GET"));
  }

  void everySizeClassAndLongTexts() {
    // Sizes around each pooled class boundary (32 .. 512 bytes with the
    // header) and beyond, where blocks come from operator new.
    for (size_t size : {1, 22, 23, 24, 55, 56, 119, 120, 247, 248, 503, 504, 505, 4096, 100000}) {
      std::string chars(size, 'x');
      chars.front() = 'a';
      chars.back() = 'z';
      Text text(chars);
      Text copy = text;
      QCOMPARE(copy.size(), size);
      QCOMPARE(copy.str(), chars);
    }
  }

  void equalityComparesCharactersNotBlocks() {
    Text a("stream.read");
    Text b(std::string("stream.") + "read");
    QVERIFY(a.data() != b.data());
    QVERIFY(a == b);
    QVERIFY(!(a == Text("stream.write")));
  }

  void internedTextsAreSharedAndNeverFreed() {
    Text a = Text::intern("readable");
    Text b = Text::intern(std::string("read") + "able");
    QCOMPARE(static_cast<const void*>(a.data()), static_cast<const void*>(b.data()));
    {
      std::vector<Text> copies(1000, a);  // copies and releases leave it alone
    }
    a = Text();
    b = Text();
    Text again = Text::intern("readable");
    QCOMPARE(again.view(), std::string_view("readable"));
    QVERIFY(Text::intern("").empty());
    std::string longText(1000, 'l');  // too long to intern: an ordinary text
    QCOMPARE(Text::intern(longText).str(), longText);
  }

  void copiesReleasedOnManyThreads() {
    constexpr int kThreads = 4;
    constexpr int kTexts = 2000;
    std::vector<Text> texts;
    for (int i = 0; i < kTexts; ++i) texts.emplace_back("request path number " + std::to_string(i));
    std::vector<std::vector<Text>> copies(kThreads, texts);  // every thread holds a copy of each
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&copies, t] {
        for (Text& text : copies[static_cast<size_t>(t)]) text = Text();
      });
    for (std::thread& thread : threads) thread.join();
    // The originals survived every other release.
    for (int i = 0; i < kTexts; ++i)
      QCOMPARE(texts[static_cast<size_t>(i)].str(), "request path number " + std::to_string(i));
  }
};

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
