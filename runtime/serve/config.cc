#include "config.h"

#include "core/ascii.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace nano::serve {

namespace {

// A small strict JSON reader (RFC 8259): enough for a config file, with
// line:column errors. Values keep their source text so "env" can be handed to
// each app's isolate verbatim (JSON.parse there).
class JsonReader {
 public:
  struct Value {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Value> items;
    std::vector<std::pair<std::string, Value>> members;
    size_t begin = 0;
    size_t end = 0;
    const Value* member(std::string_view name) const {
      for (const auto& [key, value] : members)
        if (key == name) return &value;
      return nullptr;
    }
  };

  explicit JsonReader(const std::string& text) : m_text(text) {}

  bool parse(Value& out) {
    skipSpace();
    if (!value(out, 0)) return false;
    skipSpace();
    if (m_pos != m_text.size()) return fail("unexpected text after the JSON value");
    return true;
  }
  std::string error() const { return m_error; }
  size_t errorPos() const { return m_errorPos; }

 private:
  bool fail(const std::string& message) {
    if (m_error.empty()) {
      m_error = message;
      m_errorPos = m_pos;
    }
    return false;
  }
  void skipSpace() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                                     m_text[m_pos] == '\r'))
      ++m_pos;
  }
  bool literal(std::string_view word) {
    if (m_text.compare(m_pos, word.size(), word) != 0) return fail("invalid literal");
    m_pos += word.size();
    return true;
  }
  bool value(Value& out, int depth) {
    if (depth > 64) return fail("nested too deeply");
    if (m_pos >= m_text.size()) return fail("unexpected end of input");
    out.begin = m_pos;
    char c = m_text[m_pos];
    bool ok;
    if (c == '{') ok = object(out, depth);
    else if (c == '[') ok = array(out, depth);
    else if (c == '"') { out.type = Value::Type::String; ok = string(out.string); }
    else if (c == 't') { out.type = Value::Type::Bool; out.boolean = true; ok = literal("true"); }
    else if (c == 'f') { out.type = Value::Type::Bool; ok = literal("false"); }
    else if (c == 'n') ok = literal("null");
    else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) ok = number(out);
    else ok = fail(std::string("unexpected character '") + c + "'");
    out.end = m_pos;
    return ok;
  }
  bool number(Value& out) {
    size_t start = m_pos;
    if (m_text[m_pos] == '-') ++m_pos;
    auto digits = [&] {
      size_t s = m_pos;
      while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
      return m_pos > s;
    };
    if (!digits()) return fail("invalid number");
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      ++m_pos;
      if (!digits()) return fail("invalid number");
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      ++m_pos;
      if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
      if (!digits()) return fail("invalid number");
    }
    out.type = Value::Type::Number;
    out.number = std::strtod(m_text.substr(start, m_pos - start).c_str(), nullptr);
    return true;
  }
  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool hex4(uint32_t& out) {
    if (m_pos + 4 > m_text.size()) return fail("invalid \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char h = m_text[m_pos++];
      out <<= 4;
      if (h >= '0' && h <= '9') out |= h - '0';
      else if (h >= 'a' && h <= 'f') out |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') out |= h - 'A' + 10;
      else return fail("invalid \\u escape");
    }
    return true;
  }
  bool string(std::string& out) {
    ++m_pos;  // "
    while (true) {
      if (m_pos >= m_text.size()) return fail("unterminated string");
      char c = m_text[m_pos++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) return fail("unterminated string");
      char e = m_text[m_pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && m_text.compare(m_pos, 2, "\\u") == 0) {
            m_pos += 2;
            uint32_t low;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          appendUtf8(out, cp);
          break;
        }
        default: return fail("invalid escape");
      }
    }
  }
  bool array(Value& out, int depth) {
    out.type = Value::Type::Array;
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == ']') { ++m_pos; return true; }
    while (true) {
      skipSpace();
      Value item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      skipSpace();
      if (m_pos >= m_text.size()) return fail("unterminated array");
      char c = m_text[m_pos++];
      if (c == ']') return true;
      if (c != ',') return fail("expected ',' or ']'");
    }
  }
  bool object(Value& out, int depth) {
    out.type = Value::Type::Object;
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == '}') { ++m_pos; return true; }
    while (true) {
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') return fail("expected a property name");
      std::string key;
      if (!string(key)) return false;
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') return fail("expected ':'");
      ++m_pos;
      skipSpace();
      Value item;
      if (!value(item, depth + 1)) return false;
      out.members.emplace_back(std::move(key), std::move(item));
      skipSpace();
      if (m_pos >= m_text.size()) return fail("unterminated object");
      char c = m_text[m_pos++];
      if (c == '}') return true;
      if (c != ',') return fail("expected ',' or '}'");
    }
  }

  const std::string& m_text;
  size_t m_pos = 0;
  std::string m_error;
  size_t m_errorPos = 0;
};

std::string lineColumn(const std::string& text, size_t pos) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

std::string toLower(std::string s) {
  asciiLowerInPlace(s);
  return s;
}

}  // namespace

// "/a/./b/../c.mjs" -> "/a/c.mjs": the file watcher compares folders as strings.
std::string normalizePath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& part : parts) out += "/" + part;
  return out.empty() ? "/" : out;
}

bool parseServeConfig(const std::string& text, const std::string& baseDir, ServeConfig& config,
                      std::string* error) {
  using Type = JsonReader::Value::Type;
  JsonReader reader(text);
  JsonReader::Value root;
  if (!reader.parse(root)) {
    if (error) *error = lineColumn(text, reader.errorPos()) + ": " + reader.error();
    return false;
  }
  auto fail = [&](const std::string& message) {
    if (error) *error = message;
    return false;
  };
  if (root.type != Type::Object) return fail("the config must be a JSON object");
  config = ServeConfig{};
  if (const auto* port = root.member("port")) {
    if (port->type != Type::Number || port->number < 0 || port->number > 65535 ||
        port->number != static_cast<int>(port->number))
      return fail("\"port\" must be an integer from 0 to 65535");
    config.port = static_cast<int>(port->number);
  }
  if (const auto* host = root.member("host")) {
    if (host->type != Type::String || host->string.empty()) return fail("\"host\" must be a non-empty string");
    config.host = host->string;
  }
  const auto* apps = root.member("apps");
  if (!apps || apps->type != Type::Array || apps->items.empty())
    return fail("\"apps\" must be a non-empty array of {hostname, handler, env}");
  for (size_t i = 0; i < apps->items.size(); ++i) {
    const auto& app = apps->items[i];
    std::string where = "apps[" + std::to_string(i) + "]";
    if (app.type != Type::Object) return fail(where + " must be an object");
    const auto* hostname = app.member("hostname");
    const auto* handler = app.member("handler");
    if (!hostname || hostname->type != Type::String || hostname->string.empty())
      return fail(where + ".hostname must be a non-empty string");
    if (!handler || handler->type != Type::String || handler->string.empty())
      return fail(where + ".handler must be a non-empty string (a module path)");
    AppEntry entry;
    entry.hostname = toLower(hostname->string);
    entry.handlerPath = normalizePath(handler->string[0] == '/' ? handler->string : baseDir + "/" + handler->string);
    if (const auto* env = app.member("env")) {
      if (env->type != Type::Object) return fail(where + ".env must be an object");
      entry.envJson = text.substr(env->begin, env->end - env->begin);
    }
    for (const AppEntry& other : config.apps)
      if (other.hostname == entry.hostname) return fail(where + ": hostname \"" + entry.hostname + "\" appears twice");
    config.apps.push_back(std::move(entry));
  }
  return true;
}

bool loadServeConfig(const std::string& path, ServeConfig& config, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string base = path;
  size_t slash = base.rfind('/');
  base = slash == std::string::npos ? "." : (slash == 0 ? "/" : base.substr(0, slash));
  std::string message;
  if (!parseServeConfig(text.str(), base, config, &message)) {
    if (error) *error = path + ":" + (message.empty() || !std::isdigit(static_cast<unsigned char>(message[0])) ? " " : "") + message;
    return false;
  }
  return true;
}

int routeHost(const std::vector<AppEntry>& apps, const std::string& host) {
  int wildcard = -1;
  size_t wildcardLength = 0;
  int fallback = -1;
  for (size_t i = 0; i < apps.size(); ++i) {
    const std::string& name = apps[i].hostname;
    if (name == host) return static_cast<int>(i);
    if (name == "*") {
      fallback = static_cast<int>(i);
    } else if (name.size() > 2 && name.starts_with("*.")) {
      std::string_view suffix = std::string_view(name).substr(1);  // ".example.test"
      if (host.size() > suffix.size() && host.ends_with(suffix) && suffix.size() > wildcardLength) {
        wildcard = static_cast<int>(i);
        wildcardLength = suffix.size();
      }
    }
  }
  return wildcard >= 0 ? wildcard : fallback;
}

}  // namespace nano::serve
