#include "encoding.h"

#include <simdutf.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <bit>
#include <climits>
#include <cstring>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "../core/errors.h"

namespace nano {

// UTF-8 and UTF-16 are decoded with simdutf. The legacy encodings run the Encoding
// Standard's decoder algorithms (ICU's converters differ in error handling and in some
// mappings); their index tables are read from ICU's converters on first use and patched
// where the standard's indexes differ, which was checked pointer by pointer against the
// index files in WPT's encoding/ directory.

namespace {

// Which decoder a TextDecoder runs; JS gets the numbers from op_encoding_decoders.
enum class Kind : int {
  kUtf8 = 0,
  kUtf16le = 1,
  kUtf16be = 2,
  kGb18030 = 3,  // also gbk: the Encoding Standard gives both the gb18030 decoder
  kBig5 = 4,
  kEucJp = 5,
  kIso2022Jp = 6,
  kShiftJis = 7,
  kEucKr = 8,
  kXUserDefined = 9,
  kGbk = 10,  // the gb18030 decoder under its other name
  kSingleByte = 16,  // + index into kSingleByteEncodings
};

// Per-decoder state lives in a small Uint8Array owned by the JS TextDecoder, so
// there is no native object to free: [do-not-flush, BOM seen, pending count,
// pending bytes (at most 3)] for the UTF decoders, then the legacy decoders' fields.
enum StateSlot : size_t {
  kDoNotFlush = 0,
  kBomSeen = 1,
  kPendingCount = 2,
  kPending = 3,
  kLead = 8,        // gb18030 first, Big5/EUC-JP/Shift_JIS/EUC-KR/ISO-2022-JP lead
  kSecond = 9,      // gb18030 second
  kThird = 10,      // gb18030 third
  kFlag = 11,       // EUC-JP jis0212 flag, ISO-2022-JP output flag
  kIsoState = 12,   // ISO-2022-JP decoder state
  kIsoOutput = 13,  // ISO-2022-JP output state
};
constexpr size_t kStateSize = 16;

// https://encoding.spec.whatwg.org/#legacy-single-byte-encodings, each with the ICU
// converter whose table equals the Encoding Standard's index once the patches below
// are applied (checked against indexes.json entry by entry).
struct SingleByteEncoding {
  const char* name;
  const char* icuName;  // nullptr: ISO-8859-1 plus patches (ICU 72 has no ISO-8859-16)
};
constexpr SingleByteEncoding kSingleByteEncodings[] = {
    {"ibm866", "ibm-866_P100-1995"},
    {"iso-8859-2", "ibm-912_P100-1995"},
    {"iso-8859-3", "ibm-913_P100-2000"},
    {"iso-8859-4", "ibm-914_P100-1995"},
    {"iso-8859-5", "ibm-915_P100-1995"},
    {"iso-8859-6", "ibm-1089_P100-1995"},
    {"iso-8859-7", "ibm-9005_X110-2007"},
    {"iso-8859-8", "ibm-5012_P100-1999"},
    {"iso-8859-8-i", "ibm-5012_P100-1999"},
    {"iso-8859-10", "iso-8859_10-1998"},
    {"iso-8859-13", "ibm-921_P100-1995"},
    {"iso-8859-14", "iso-8859_14-1998"},
    {"iso-8859-15", "ibm-923_P100-1998"},
    {"iso-8859-16", nullptr},
    {"koi8-r", "ibm-878_P100-1996"},
    {"koi8-u", "ibm-1168_P100-2002"},
    {"macintosh", "macos-0_2-10.2"},
    {"windows-874", "windows-874-2000"},
    {"windows-1250", "ibm-5346_P100-1998"},
    {"windows-1251", "ibm-5347_P100-1998"},
    {"windows-1252", "ibm-5348_P100-1997"},
    {"windows-1253", "ibm-5349_P100-1998"},
    {"windows-1254", "ibm-5350_P100-1998"},
    {"windows-1255", "ibm-9447_P100-2002"},
    {"windows-1256", "ibm-9448_X100-2005"},
    {"windows-1257", "ibm-9449_P100-2002"},
    {"windows-1258", "ibm-5354_P100-1998"},
    {"x-mac-cyrillic", "macos-7_3-10.2"},
};
constexpr size_t kSingleByteCount = std::size(kSingleByteEncodings);

// Where the Encoding Standard's index differs from ICU's table; 0 means no mapping.
struct SingleBytePatch {
  std::string_view name;
  uint8_t byte;
  char16_t codePoint;
};
constexpr SingleBytePatch kSingleBytePatches[] = {
    {"koi8-u", 0xAE, 0x045E}, {"koi8-u", 0xBE, 0x040E},
    // ICU maps these unassigned bytes to the private use area.
    {"windows-874", 0xDB, 0}, {"windows-874", 0xDC, 0}, {"windows-874", 0xDD, 0},
    {"windows-874", 0xDE, 0}, {"windows-874", 0xFC, 0}, {"windows-874", 0xFD, 0},
    {"windows-874", 0xFE, 0}, {"windows-874", 0xFF, 0},
    {"windows-1253", 0xAA, 0}, {"windows-1255", 0xCA, 0x05BA},
    // ISO-8859-16 where it differs from ISO-8859-1.
    {"iso-8859-16", 0xA1, 0x0104}, {"iso-8859-16", 0xA2, 0x0105}, {"iso-8859-16", 0xA3, 0x0141},
    {"iso-8859-16", 0xA4, 0x20AC}, {"iso-8859-16", 0xA5, 0x201E}, {"iso-8859-16", 0xA6, 0x0160},
    {"iso-8859-16", 0xA8, 0x0161}, {"iso-8859-16", 0xAA, 0x0218}, {"iso-8859-16", 0xAC, 0x0179},
    {"iso-8859-16", 0xAE, 0x017A}, {"iso-8859-16", 0xAF, 0x017B}, {"iso-8859-16", 0xB2, 0x010C},
    {"iso-8859-16", 0xB3, 0x0142}, {"iso-8859-16", 0xB4, 0x017D}, {"iso-8859-16", 0xB5, 0x201D},
    {"iso-8859-16", 0xB8, 0x017E}, {"iso-8859-16", 0xB9, 0x010D}, {"iso-8859-16", 0xBA, 0x0219},
    {"iso-8859-16", 0xBC, 0x0152}, {"iso-8859-16", 0xBD, 0x0153}, {"iso-8859-16", 0xBE, 0x0178},
    {"iso-8859-16", 0xBF, 0x017C}, {"iso-8859-16", 0xC3, 0x0102}, {"iso-8859-16", 0xC5, 0x0106},
    {"iso-8859-16", 0xD0, 0x0110}, {"iso-8859-16", 0xD1, 0x0143}, {"iso-8859-16", 0xD5, 0x0150},
    {"iso-8859-16", 0xD7, 0x015A}, {"iso-8859-16", 0xD8, 0x0170}, {"iso-8859-16", 0xDD, 0x0118},
    {"iso-8859-16", 0xDE, 0x021A}, {"iso-8859-16", 0xE3, 0x0103}, {"iso-8859-16", 0xE5, 0x0107},
    {"iso-8859-16", 0xF0, 0x0111}, {"iso-8859-16", 0xF1, 0x0144}, {"iso-8859-16", 0xF5, 0x0151},
    {"iso-8859-16", 0xF7, 0x015B}, {"iso-8859-16", 0xF8, 0x0171}, {"iso-8859-16", 0xFD, 0x0119},
    {"iso-8859-16", 0xFE, 0x021B},
};

// https://encoding.spec.whatwg.org/#index-gb18030-ranges: [pointer, code point].
struct Gb18030Range {
  uint32_t pointer;
  char32_t codePoint;
};
constexpr Gb18030Range kGb18030Ranges[] = {
    {0, 0x0080}, {36, 0x00A5}, {38, 0x00A9}, {45, 0x00B2}, {50, 0x00B8}, {81, 0x00D8}, {89, 0x00E2},
    {95, 0x00EB}, {96, 0x00EE}, {100, 0x00F4}, {103, 0x00F8}, {104, 0x00FB}, {105, 0x00FD},
    {109, 0x0102}, {126, 0x0114}, {133, 0x011C}, {148, 0x012C}, {172, 0x0145}, {175, 0x0149},
    {179, 0x014E}, {208, 0x016C}, {306, 0x01CF}, {307, 0x01D1}, {308, 0x01D3}, {309, 0x01D5},
    {310, 0x01D7}, {311, 0x01D9}, {312, 0x01DB}, {313, 0x01DD}, {341, 0x01FA}, {428, 0x0252},
    {443, 0x0262}, {544, 0x02C8}, {545, 0x02CC}, {558, 0x02DA}, {741, 0x03A2}, {742, 0x03AA},
    {749, 0x03C2}, {750, 0x03CA}, {805, 0x0402}, {819, 0x0450}, {820, 0x0452}, {7922, 0x2011},
    {7924, 0x2017}, {7925, 0x201A}, {7927, 0x201E}, {7934, 0x2027}, {7943, 0x2031}, {7944, 0x2034},
    {7945, 0x2036}, {7950, 0x203C}, {8062, 0x20AD}, {8148, 0x2104}, {8149, 0x2106}, {8152, 0x210A},
    {8164, 0x2117}, {8174, 0x2122}, {8236, 0x216C}, {8240, 0x217A}, {8262, 0x2194}, {8264, 0x219A},
    {8374, 0x2209}, {8380, 0x2210}, {8381, 0x2212}, {8384, 0x2216}, {8388, 0x221B}, {8390, 0x2221},
    {8392, 0x2224}, {8393, 0x2226}, {8394, 0x222C}, {8396, 0x222F}, {8401, 0x2238}, {8406, 0x223E},
    {8416, 0x2249}, {8419, 0x224D}, {8424, 0x2253}, {8437, 0x2262}, {8439, 0x2268}, {8445, 0x2270},
    {8482, 0x2296}, {8485, 0x229A}, {8496, 0x22A6}, {8521, 0x22C0}, {8603, 0x2313}, {8936, 0x246A},
    {8946, 0x249C}, {9046, 0x254C}, {9050, 0x2574}, {9063, 0x2590}, {9066, 0x2596}, {9076, 0x25A2},
    {9092, 0x25B4}, {9100, 0x25BE}, {9108, 0x25C8}, {9111, 0x25CC}, {9113, 0x25D0}, {9131, 0x25E6},
    {9162, 0x2607}, {9164, 0x260A}, {9218, 0x2641}, {9219, 0x2643}, {11329, 0x2E82},
    {11331, 0x2E85}, {11334, 0x2E89}, {11336, 0x2E8D}, {11346, 0x2E98}, {11361, 0x2EA8},
    {11363, 0x2EAB}, {11366, 0x2EAF}, {11370, 0x2EB4}, {11372, 0x2EB8}, {11375, 0x2EBC},
    {11389, 0x2ECB}, {11682, 0x2FFC}, {11686, 0x3004}, {11687, 0x3018}, {11692, 0x301F},
    {11694, 0x302A}, {11714, 0x303F}, {11716, 0x3094}, {11723, 0x309F}, {11725, 0x30F7},
    {11730, 0x30FF}, {11736, 0x312A}, {11982, 0x322A}, {11989, 0x3232}, {12102, 0x32A4},
    {12336, 0x3390}, {12348, 0x339F}, {12350, 0x33A2}, {12384, 0x33C5}, {12393, 0x33CF},
    {12395, 0x33D3}, {12397, 0x33D6}, {12510, 0x3448}, {12553, 0x3474}, {12851, 0x359F},
    {12962, 0x360F}, {12973, 0x361B}, {13738, 0x3919}, {13823, 0x396F}, {13919, 0x39D1},
    {13933, 0x39E0}, {14080, 0x3A74}, {14298, 0x3B4F}, {14585, 0x3C6F}, {14698, 0x3CE1},
    {15583, 0x4057}, {15847, 0x4160}, {16318, 0x4338}, {16434, 0x43AD}, {16438, 0x43B2},
    {16481, 0x43DE}, {16729, 0x44D7}, {17102, 0x464D}, {17122, 0x4662}, {17315, 0x4724},
    {17320, 0x472A}, {17402, 0x477D}, {17418, 0x478E}, {17859, 0x4948}, {17909, 0x497B},
    {17911, 0x497E}, {17915, 0x4984}, {17916, 0x4987}, {17936, 0x499C}, {17939, 0x49A0},
    {17961, 0x49B8}, {18664, 0x4C78}, {18703, 0x4CA4}, {18814, 0x4D1A}, {18962, 0x4DAF},
    {19043, 0x9FA6}, {33469, 0xE76C}, {33470, 0xE7C8}, {33471, 0xE7E7}, {33484, 0xE815},
    {33485, 0xE819}, {33490, 0xE81F}, {33497, 0xE827}, {33501, 0xE82D}, {33505, 0xE833},
    {33513, 0xE83C}, {33520, 0xE844}, {33536, 0xE856}, {33550, 0xE865}, {37845, 0xF92D},
    {37921, 0xF97A}, {37948, 0xF996}, {38029, 0xF9E8}, {38038, 0xF9F2}, {38064, 0xFA10},
    {38065, 0xFA12}, {38066, 0xFA15}, {38069, 0xFA19}, {38075, 0xFA22}, {38076, 0xFA25},
    {38078, 0xFA2A}, {39108, 0xFE32}, {39109, 0xFE45}, {39113, 0xFE53}, {39114, 0xFE58},
    {39115, 0xFE67}, {39116, 0xFE6C}, {39265, 0xFF5F}, {39394, 0xFFE6}, {189000, 0x10000},
};

// Index entries that differ from the ICU table an index is built from.
struct IndexPatch {
  uint16_t pointer;
  char32_t codePoint;
  uint16_t count;  // a run: pointer + i maps to codePoint + i
};

// index Big5 is Big5-HKSCS:2008; ICU's ibm-1375 maps these to the private use area
// or leaves them out.
constexpr IndexPatch kBig5Patches[] = {
    {1008, 0x9F97, 1}, {1016, 0x9F96, 1}, {1099, 0x31C0, 5}, {1105, 0x31C5, 1}, {1108, 0x31C6, 2},
    {1112, 0x31C8, 1}, {1114, 0x31C9, 4}, {1119, 0x31CD, 2}, {1170, 0x23DA, 2}, {1730, 0x9FA6, 1},
    {1772, 0x9FA7, 1}, {1779, 0x9FA8, 1}, {1812, 0x9FA9, 1}, {1814, 0x9FAA, 1}, {1816, 0x9FAB, 1},
    {1821, 0x9FAC, 1}, {1844, 0x9FAD, 2}, {1847, 0x9FAF, 1}, {1866, 0x9FB2, 1}, {1892, 0x9FB3, 1},
    {2082, 0x7BB8, 1}, {2088, 0x7C06, 1}, {2103, 0x7CCE, 1}, {2114, 0x7DD2, 1}, {2123, 0x7E1D, 1},
    {2148, 0x8005, 1}, {2151, 0x8028, 1}, {2221, 0x83C1, 1}, {2239, 0x84A8, 1}, {2244, 0x840F, 1},
    {2303, 0x89A6, 1}, {2304, 0x89A9, 1}, {2354, 0x8D77, 1}, {2400, 0x90FD, 1}, {2413, 0x92B9, 1},
    {2477, 0x975C, 1}, {2498, 0x97FF, 1}, {2605, 0x9F16, 1}, {2673, 0x8503, 1}, {2746, 0x5159, 1},
    {2747, 0x515B, 1}, {2748, 0x515D, 2}, {2771, 0x936E, 1}, {2780, 0x7479, 1}, {2990, 0x6D67, 1},
    {3087, 0x799B, 1}, {3259, 0x9097, 1}, {3301, 0x975D, 1}, {3436, 0x701E, 1}, {3451, 0x5B28, 1},
    {4136, 0x7201, 1}, {4138, 0x77D7, 1}, {4141, 0x7E87, 1}, {4182, 0x99D6, 1}, {4206, 0x91D4, 1},
    {4220, 0x60DE, 1}, {4230, 0x6FB6, 1}, {4241, 0x8F36, 1}, {4258, 0x4FBB, 1}, {4273, 0x71DF, 1},
    {4279, 0x9104, 1}, {4282, 0x9DF0, 1}, {4294, 0x83CF, 1}, {4329, 0x5C10, 1}, {4330, 0x79E3, 1},
    {4349, 0x5A67, 1}, {4419, 0x8F0B, 1}, {4422, 0x7B51, 1}, {4494, 0x62D0, 1}, {4624, 0x6062, 1},
    {4694, 0x75F9, 1}, {4708, 0x6C4A, 1}, {4742, 0x9B2E, 1}, {4748, 0x9F17, 1}, {4815, 0x50ED, 1},
    {4828, 0x5F0C, 1}, {4902, 0x880F, 1}, {4922, 0x62CE, 1}, {4982, 0x7468, 1}, {4992, 0x7162, 1},
    {4997, 0x7250, 1}, {5432, 0x2400, 32}, {5464, 0x2421, 1}, {10942, 0x5EF4, 1},
    {10946, 0x65E0, 1}, {10948, 0x7676, 1}, {10950, 0x96B6, 1}, {10957, 0x3003, 1},
    {10958, 0x4EDD, 1}, {11204, 0x31CF, 1}, {11210, 0x9FB0, 1}, {11212, 0x9FB1, 1},
    {19028, 0x5029, 1}, {19035, 0x507D, 1}, {19088, 0x5305, 1}, {19096, 0x5344, 1},
    {19112, 0x537F, 1}, {19162, 0x5605, 1}, {19240, 0x5A77, 1}, {19299, 0x5E75, 1},
    {19305, 0x5ED0, 1}, {19326, 0x5F58, 1}, {19355, 0x60A4, 1}, {19398, 0x6490, 1},
    {19439, 0x6674, 1}, {19454, 0x675E, 1}, {19553, 0x6C9C, 1}, {19554, 0x6E1D, 1},
    {19557, 0x6E2F, 1}, {19611, 0x716E, 1}, {19643, 0x732A, 1}, {19672, 0x745C, 1},
    {19697, 0x74E9, 1}, {19748, 0x7809, 1},
};

// index gb18030 is GB18030-2022's two-byte part except 0xA3 0xA0 (U+3000); ICU 72
// implements GB18030-2005, whose 2022 revision moved these out of the private use area.
constexpr IndexPatch kGb18030Patches[] = {
    {6555, 0x3000, 1}, {7182, 0xFE10, 1}, {7183, 0xFE12, 1}, {7184, 0xFE11, 1},
    {7185, 0xFE13, 4}, {7201, 0xFE17, 2}, {7208, 0xFE19, 1}, {23775, 0x9FB4, 1},
    {23783, 0x9FB5, 1}, {23788, 0x9FB6, 2}, {23795, 0x9FB8, 1}, {23812, 0x9FB9, 1},
    {23829, 0x9FBA, 1}, {23845, 0x9FBB, 1},
};

// The legacy multi-byte indexes, built from ICU on first use.
enum class IndexId : size_t { kJis0208, kJis0212, kEucKr, kBig5, kGb18030, kCount };

// A pointer's bytes in the encoding whose ICU converter the index is read from.
using PointerBytes = size_t (*)(size_t pointer, char* bytes);

struct IndexSource {
  const char* name;     // for error messages
  const char* icuName;  // the ICU converter the table comes from
  size_t size;          // pointers past this have no code point
  PointerBytes bytes;
  bool dropPrivateUse;  // the index has no private use code points; ICU's are user-defined areas
  const IndexPatch* patches;
  size_t patchCount;
};

size_t shiftJisBytes(size_t pointer, char* bytes) {
  size_t lead = pointer / 188;
  size_t trail = pointer % 188;
  bytes[0] = static_cast<char>(lead + (lead < 0x1F ? 0x81 : 0xC1));
  bytes[1] = static_cast<char>(trail + (trail < 0x3F ? 0x40 : 0x41));
  return 2;
}

size_t eucJpJis0212Bytes(size_t pointer, char* bytes) {
  bytes[0] = static_cast<char>(0x8F);
  bytes[1] = static_cast<char>(0xA1 + pointer / 94);
  bytes[2] = static_cast<char>(0xA1 + pointer % 94);
  return 3;
}

size_t eucKrBytes(size_t pointer, char* bytes) {
  bytes[0] = static_cast<char>(0x81 + pointer / 190);
  bytes[1] = static_cast<char>(0x41 + pointer % 190);
  return 2;
}

size_t big5Bytes(size_t pointer, char* bytes) {
  size_t trail = pointer % 157;
  bytes[0] = static_cast<char>(0x81 + pointer / 157);
  bytes[1] = static_cast<char>(trail + (trail < 0x3F ? 0x40 : 0x62));
  return 2;
}

size_t gb18030Bytes(size_t pointer, char* bytes) {
  size_t trail = pointer % 190;
  bytes[0] = static_cast<char>(0x81 + pointer / 190);
  bytes[1] = static_cast<char>(trail + (trail < 0x3F ? 0x40 : 0x41));
  return 2;
}

// Sources checked against the Encoding Standard's index files: after the patches, every
// pointer below `size` maps exactly as the index does.
const IndexSource kIndexSources[] = {
    // Shift_JIS covers all of index jis0208 (EUC-JP and ISO-2022-JP use its first 94 rows);
    // its user-defined rows (pointers 8836-10715) come out as private use and are dropped.
    {"jis0208", "ibm-943_P15A-2003", 11104, shiftJisBytes, true, nullptr, 0},
    // Rows past 77 are IBM extensions that index jis0212 does not have.
    {"jis0212", "euc-jp-2007", 7211, eucJpJis0212Bytes, false, nullptr, 0},
    {"euc-kr", "windows-949-2000", 23750, eucKrBytes, true, nullptr, 0},
    {"big5", "ibm-1375_P100-2008", 19782, big5Bytes, true, kBig5Patches, std::size(kBig5Patches)},
    {"gb18030", "gb18030", 23940, gb18030Bytes, false, kGb18030Patches,
     std::size(kGb18030Patches)},
};
static_assert(std::size(kIndexSources) == static_cast<size_t>(IndexId::kCount));

bool isPrivateUse(char32_t c) { return c >= 0xE000 && c <= 0xF8FF; }

// One ICU converter, used to read a table entry by entry.
class IcuTableReader {
 public:
  explicit IcuTableReader(const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    m_converter = ucnv_open(name, &status);
    if (U_FAILURE(status)) {
      m_converter = nullptr;
      return;
    }
    ucnv_setToUCallBack(m_converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) {
      ucnv_close(m_converter);
      m_converter = nullptr;
    }
  }
  ~IcuTableReader() {
    if (m_converter) ucnv_close(m_converter);
  }
  IcuTableReader(const IcuTableReader&) = delete;
  IcuTableReader& operator=(const IcuTableReader&) = delete;

  bool ok() const { return m_converter != nullptr; }

  // The code point a complete byte sequence decodes to; 0 when it is not exactly one
  // mapped character.
  char32_t decode(const char* bytes, size_t length) {
    ucnv_resetToUnicode(m_converter);
    UChar units[4];
    UChar* target = units;
    const char* source = bytes;
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(m_converter, &target, units + std::size(units), &source, bytes + length,
                   nullptr, true, &status);
    if (U_FAILURE(status) || source != bytes + length) return 0;
    size_t count = static_cast<size_t>(target - units);
    if (count == 1 && !(units[0] >= 0xD800 && units[0] <= 0xDFFF)) return units[0];
    if (count == 2 && units[0] >= 0xD800 && units[0] <= 0xDBFF && units[1] >= 0xDC00 &&
        units[1] <= 0xDFFF) {
      return 0x10000 + ((static_cast<char32_t>(units[0]) - 0xD800) << 10) + (units[1] - 0xDC00);
    }
    return 0;
  }

 private:
  UConverter* m_converter = nullptr;
};

// pointer -> code point, 0 for none. Empty when ICU lacks the converter.
using Index = std::vector<char32_t>;

Index buildIndex(const IndexSource& source) {
  IcuTableReader reader(source.icuName);
  if (!reader.ok()) return {};
  Index index(source.size, 0);
  char bytes[4];
  for (size_t pointer = 0; pointer < source.size; ++pointer) {
    char32_t codePoint = reader.decode(bytes, source.bytes(pointer, bytes));
    if (source.dropPrivateUse && isPrivateUse(codePoint)) codePoint = 0;
    index[pointer] = codePoint;
  }
  for (size_t i = 0; i < source.patchCount; ++i) {
    const IndexPatch& patch = source.patches[i];
    for (size_t k = 0; k < patch.count && patch.pointer + k < source.size; ++k) {
      index[patch.pointer + k] = patch.codePoint + static_cast<char32_t>(k);
    }
  }
  return index;
}

// Built once per process, on first use, and shared by every isolate.
const Index& legacyIndex(IndexId id) {
  static std::once_flag once[static_cast<size_t>(IndexId::kCount)];
  static Index indexes[static_cast<size_t>(IndexId::kCount)];
  size_t slot = static_cast<size_t>(id);
  std::call_once(once[slot], [slot] { indexes[slot] = buildIndex(kIndexSources[slot]); });
  return indexes[slot];
}

// byte - 0x80 -> code point, 0 for none. Empty when ICU lacks the converter.
using SingleByteTable = std::vector<char16_t>;

SingleByteTable buildSingleByteTable(const SingleByteEncoding& encoding) {
  SingleByteTable table(128, 0);
  if (encoding.icuName) {
    IcuTableReader reader(encoding.icuName);
    if (!reader.ok()) return {};
    for (size_t byte = 0x80; byte <= 0xFF; ++byte) {
      char in = static_cast<char>(byte);
      char32_t codePoint = reader.decode(&in, 1);
      table[byte - 0x80] = codePoint <= 0xFFFF ? static_cast<char16_t>(codePoint) : 0;
    }
  } else {
    for (size_t byte = 0x80; byte <= 0xFF; ++byte) table[byte - 0x80] = static_cast<char16_t>(byte);
  }
  for (const SingleBytePatch& patch : kSingleBytePatches) {
    if (patch.name == encoding.name) table[patch.byte - 0x80] = patch.codePoint;
  }
  return table;
}

const SingleByteTable& singleByteTable(size_t which) {
  static std::once_flag once[kSingleByteCount];
  static SingleByteTable tables[kSingleByteCount];
  std::call_once(once[which],
                 [which] { tables[which] = buildSingleByteTable(kSingleByteEncodings[which]); });
  return tables[which];
}

// https://encoding.spec.whatwg.org/#index-gb18030-ranges-code-point; 0 for null.
char32_t gb18030RangesCodePoint(uint32_t pointer) {
  if ((pointer > 39419 && pointer < 189000) || pointer > 1237575) return 0;
  if (pointer == 7457) return 0xE7C7;
  auto next =
      std::upper_bound(std::begin(kGb18030Ranges), std::end(kGb18030Ranges), pointer,
                       [](uint32_t p, const Gb18030Range& range) { return p < range.pointer; });
  const Gb18030Range& range = *(next - 1);  // the first range starts at pointer 0
  return range.codePoint + (pointer - range.pointer);
}

// The bytes of an ArrayBuffer, SharedArrayBuffer or view; false for anything else.
bool bufferBytes(v8::Local<v8::Value> value, const uint8_t** data, size_t* length) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    *length = view->ByteLength();
    *data = *length ? static_cast<const uint8_t*>(view->Buffer()->Data()) + view->ByteOffset()
                    : nullptr;
    return true;
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    *length = buffer->ByteLength();
    *data = static_cast<const uint8_t*>(buffer->Data());
    return true;
  }
  if (value->IsSharedArrayBuffer()) {
    auto buffer = value.As<v8::SharedArrayBuffer>();
    *length = buffer->ByteLength();
    *data = static_cast<const uint8_t*>(buffer->Data());
    return true;
  }
  return false;
}

// Length (0..3) of an incomplete UTF-8 sequence at the end of the data that can
// still become valid (Unicode table 3-7), i.e. what streaming carries over.
size_t incompleteUtf8Tail(const uint8_t* data, size_t length) {
  for (size_t back = 1; back <= 3 && back <= length; ++back) {
    uint8_t lead = data[length - back];
    if ((lead & 0xC0) == 0x80) continue;
    size_t needed = lead >= 0xC2 && lead <= 0xDF   ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
    if (needed <= back) return 0;
    if (back >= 2) {
      uint8_t second = data[length - back + 1];
      uint8_t low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      uint8_t high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) return 0;
    }
    return back;
  }
  return 0;
}

// The decoders' names (lower case, as TextDecoder.encoding reports them) and numbers.
struct NamedKind {
  const char* name;
  int kind;
};
constexpr NamedKind kNamedKinds[] = {
    {"utf-8", static_cast<int>(Kind::kUtf8)},
    {"utf-16le", static_cast<int>(Kind::kUtf16le)},
    {"utf-16be", static_cast<int>(Kind::kUtf16be)},
    {"gb18030", static_cast<int>(Kind::kGb18030)},
    {"gbk", static_cast<int>(Kind::kGbk)},
    {"big5", static_cast<int>(Kind::kBig5)},
    {"euc-jp", static_cast<int>(Kind::kEucJp)},
    {"iso-2022-jp", static_cast<int>(Kind::kIso2022Jp)},
    {"shift_jis", static_cast<int>(Kind::kShiftJis)},
    {"euc-kr", static_cast<int>(Kind::kEucKr)},
    {"x-user-defined", static_cast<int>(Kind::kXUserDefined)},
};

std::string kindName(int kind) {
  if (kind >= static_cast<int>(Kind::kSingleByte) &&
      kind < static_cast<int>(Kind::kSingleByte) + static_cast<int>(kSingleByteCount)) {
    return kSingleByteEncodings[kind - static_cast<int>(Kind::kSingleByte)].name;
  }
  for (const NamedKind& named : kNamedKinds) {
    if (named.kind == kind) return named.name;
  }
  return "";
}

void throwInvalidData(v8::Isolate* isolate, int kind) {
  throwTypeError(isolate, "Failed to execute 'decode' on 'TextDecoder': The encoded data was not "
                          "valid for encoding " + kindName(kind));
}

// String creation fails (with or without an exception) past String::kMaxLength.
template <typename Make>
void returnString(const v8::FunctionCallbackInfo<v8::Value>& info, Make make) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::TryCatch guard(isolate);
  v8::Local<v8::String> result;
  if (make().ToLocal(&result)) return info.GetReturnValue().Set(result);
  if (guard.HasCaught()) {
    guard.ReThrow();
    return;
  }
  throwRangeError(isolate, "Invalid string length: the decoded text is too long for a string");
}

v8::MaybeLocal<v8::String> decodeUtf8(v8::Isolate* isolate, const uint8_t* bytes, size_t length,
                                      bool knownValid) {
  if (length > static_cast<size_t>(INT_MAX)) return {};
  const char* data = reinterpret_cast<const char*>(bytes);
  if (simdutf::validate_ascii(data, length)) {
    return v8::String::NewFromOneByte(isolate, bytes, v8::NewStringType::kNormal,
                                      static_cast<int>(length));
  }
  if (knownValid || simdutf::validate_utf8(data, length)) {
    size_t unitCount = simdutf::utf16_length_from_utf8(data, length);
    std::unique_ptr<char16_t[]> units(new char16_t[unitCount]);
    size_t written = simdutf::convert_valid_utf8_to_utf16(data, length, units.get());
    return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.get()),
                                      v8::NewStringType::kNormal, static_cast<int>(written));
  }
  // V8 replaces each maximal invalid subpart with one U+FFFD, as WHATWG requires.
  return v8::String::NewFromUtf8(isolate, data, v8::NewStringType::kNormal,
                                 static_cast<int>(length));
}

// ---------------------------------------------------------------------------------------
// Legacy decoders, written as the Encoding Standard's handlers so that errors, U+FFFD
// counts and the bytes given back to the stream match it exactly.

enum class Step { kContinue, kError, kFinished };
constexpr int kEndOfQueue = -1;

// The I/O queue: bytes a handler "prepends" are read again before the rest of the input.
class ByteQueue {
 public:
  ByteQueue(const uint8_t* data, size_t length) : m_data(data), m_length(length) {}

  bool empty() const { return m_backCount == 0 && m_position == m_length; }
  int read() { return m_backCount ? m_back[--m_backCount] : m_data[m_position++]; }
  // The spec's handlers give back at most three bytes, read before they give back more.
  void prepend(std::initializer_list<int> bytes) {
    for (auto it = bytes.end(); it != bytes.begin();) {
      --it;
      if (m_backCount < std::size(m_back)) m_back[m_backCount++] = static_cast<uint8_t>(*it);
    }
  }

 private:
  const uint8_t* m_data;
  size_t m_position = 0;
  size_t m_length;
  uint8_t m_back[8];  // a stack: the next byte to read is on top
  size_t m_backCount = 0;
};

class Output {
 public:
  explicit Output(size_t expected) { m_units.reserve(expected); }
  void emit(char32_t codePoint) {
    if (codePoint <= 0xFFFF) {
      m_units.push_back(static_cast<char16_t>(codePoint));
    } else {
      codePoint -= 0x10000;
      m_units.push_back(static_cast<char16_t>(0xD800 + (codePoint >> 10)));
      m_units.push_back(static_cast<char16_t>(0xDC00 + (codePoint & 0x3FF)));
    }
  }
  std::vector<char16_t>& units() { return m_units; }

 private:
  std::vector<char16_t> m_units;
};

// The legacy decoders' fields, loaded from and stored back to the state array.
struct LegacyState {
  uint8_t lead, second, third, flag, isoState, isoOutput;

  explicit LegacyState(const uint8_t* state)
      : lead(state[kLead]),
        second(state[kSecond]),
        third(state[kThird]),
        flag(state[kFlag]),
        isoState(state[kIsoState]),
        isoOutput(state[kIsoOutput]) {}
  void store(uint8_t* state) const {
    state[kLead] = lead;
    state[kSecond] = second;
    state[kThird] = third;
    state[kFlag] = flag;
    state[kIsoState] = isoState;
    state[kIsoOutput] = isoOutput;
  }
  bool ground() const { return !lead && !second && !third && !isoState; }
};

// ISO-2022-JP decoder states; ASCII is 0 so a zeroed state array is a new decoder.
enum IsoState : uint8_t { kIsoAscii, kIsoRoman, kIsoKatakana, kIsoLeadByte, kIsoTrailByte,
                          kIsoEscapeStart, kIsoEscape };

class IndexView {
 public:
  explicit IndexView(const Index& index) : m_data(index.data()), m_size(index.size()) {}
  char32_t at(size_t pointer) const { return pointer < m_size ? m_data[pointer] : 0; }

 private:
  const char32_t* m_data;
  size_t m_size;
};

// Runs handler over the queue, then (when flushing) over end-of-queue until it finishes.
// False on an error in fatal mode.
template <typename Handler>
bool runDecoder(ByteQueue& queue, bool flush, bool fatal, Output& out, Handler&& handler) {
  for (;;) {
    int byte;
    if (!queue.empty()) {
      byte = queue.read();
    } else if (!flush) {
      return true;
    } else {
      byte = kEndOfQueue;
    }
    Step step = handler(byte);
    if (step == Step::kContinue) continue;
    if (step == Step::kFinished) return true;
    if (fatal) return false;
    out.emit(0xFFFD);
  }
}

bool isAscii(int byte) { return byte >= 0 && byte < 0x80; }

// https://encoding.spec.whatwg.org/#gb18030-decoder
bool decodeGb18030(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView index(legacyIndex(IndexId::kGb18030));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    if (byte == kEndOfQueue) {
      if (!s.lead && !s.second && !s.third) return Step::kFinished;
      s.lead = s.second = s.third = 0;
      return Step::kError;
    }
    if (s.third) {
      if (byte < 0x30 || byte > 0x39) {
        queue.prepend({s.second, s.third, byte});
        s.lead = s.second = s.third = 0;
        return Step::kError;
      }
      uint32_t pointer = (s.lead - 0x81) * (10 * 126 * 10) + (s.second - 0x30) * (10 * 126) +
                         (s.third - 0x81) * 10 + static_cast<uint32_t>(byte - 0x30);
      s.lead = s.second = s.third = 0;
      char32_t codePoint = gb18030RangesCodePoint(pointer);
      if (!codePoint) return Step::kError;
      out.emit(codePoint);
      return Step::kContinue;
    }
    if (s.second) {
      if (byte >= 0x81 && byte <= 0xFE) {
        s.third = static_cast<uint8_t>(byte);
        return Step::kContinue;
      }
      queue.prepend({s.second, byte});
      s.lead = s.second = 0;
      return Step::kError;
    }
    if (s.lead) {
      if (byte >= 0x30 && byte <= 0x39) {
        s.second = static_cast<uint8_t>(byte);
        return Step::kContinue;
      }
      int lead = s.lead;
      s.lead = 0;
      if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0x80 && byte <= 0xFE)) {
        int offset = byte < 0x7F ? 0x40 : 0x41;
        size_t pointer = static_cast<size_t>((lead - 0x81) * 190 + (byte - offset));
        if (char32_t codePoint = index.at(pointer)) {
          out.emit(codePoint);
          return Step::kContinue;
        }
      }
      if (isAscii(byte)) queue.prepend({byte});
      return Step::kError;
    }
    if (isAscii(byte)) {
      out.emit(static_cast<char32_t>(byte));
      return Step::kContinue;
    }
    if (byte == 0x80) {
      out.emit(0x20AC);
      return Step::kContinue;
    }
    if (byte <= 0xFE) {
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    return Step::kError;
  });
}

// https://encoding.spec.whatwg.org/#big5-decoder
bool decodeBig5(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView index(legacyIndex(IndexId::kBig5));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    if (byte == kEndOfQueue) {
      if (!s.lead) return Step::kFinished;
      s.lead = 0;
      return Step::kError;
    }
    if (s.lead) {
      int lead = s.lead;
      s.lead = 0;
      if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xFE)) {
        int offset = byte < 0x7F ? 0x40 : 0x62;
        size_t pointer = static_cast<size_t>((lead - 0x81) * 157 + (byte - offset));
        // The four pointers that decode to a letter and a combining mark.
        char32_t base = pointer == 1133 || pointer == 1135 ? 0x00CA
                        : pointer == 1164 || pointer == 1166 ? 0x00EA : 0;
        if (base) {
          out.emit(base);
          out.emit(pointer == 1133 || pointer == 1164 ? 0x0304 : 0x030C);
          return Step::kContinue;
        }
        if (char32_t codePoint = index.at(pointer)) {
          out.emit(codePoint);
          return Step::kContinue;
        }
      }
      if (isAscii(byte)) queue.prepend({byte});
      return Step::kError;
    }
    if (isAscii(byte)) {
      out.emit(static_cast<char32_t>(byte));
      return Step::kContinue;
    }
    if (byte >= 0x81 && byte <= 0xFE) {
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    return Step::kError;
  });
}

// https://encoding.spec.whatwg.org/#euc-jp-decoder
bool decodeEucJp(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView jis0208(legacyIndex(IndexId::kJis0208));
  IndexView jis0212(legacyIndex(IndexId::kJis0212));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    if (byte == kEndOfQueue) {
      if (!s.lead) return Step::kFinished;
      s.lead = 0;
      return Step::kError;
    }
    if (s.lead == 0x8E && byte >= 0xA1 && byte <= 0xDF) {
      s.lead = 0;
      out.emit(static_cast<char32_t>(0xFF61 - 0xA1 + byte));
      return Step::kContinue;
    }
    if (s.lead == 0x8F && byte >= 0xA1 && byte <= 0xFE) {
      s.flag = 1;
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    if (s.lead) {
      int lead = s.lead;
      s.lead = 0;
      char32_t codePoint = 0;
      if (lead >= 0xA1 && lead <= 0xFE && byte >= 0xA1 && byte <= 0xFE) {
        size_t pointer = static_cast<size_t>((lead - 0xA1) * 94 + byte - 0xA1);
        codePoint = s.flag ? jis0212.at(pointer) : jis0208.at(pointer);
      }
      s.flag = 0;
      if (codePoint) {
        out.emit(codePoint);
        return Step::kContinue;
      }
      if (isAscii(byte)) queue.prepend({byte});
      return Step::kError;
    }
    if (isAscii(byte)) {
      out.emit(static_cast<char32_t>(byte));
      return Step::kContinue;
    }
    if (byte == 0x8E || byte == 0x8F || (byte >= 0xA1 && byte <= 0xFE)) {
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    return Step::kError;
  });
}

// https://encoding.spec.whatwg.org/#iso-2022-jp-decoder (flag: the output flag).
bool decodeIso2022Jp(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView jis0208(legacyIndex(IndexId::kJis0208));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    switch (s.isoState) {
      case kIsoAscii:
      case kIsoRoman:
        if (byte == 0x1B) {
          s.isoState = kIsoEscapeStart;
          return Step::kContinue;
        }
        if (byte == kEndOfQueue) return Step::kFinished;
        s.flag = 0;
        if (!isAscii(byte) || byte == 0x0E || byte == 0x0F) return Step::kError;
        if (s.isoState == kIsoRoman && byte == 0x5C) {
          out.emit(0x00A5);
        } else if (s.isoState == kIsoRoman && byte == 0x7E) {
          out.emit(0x203E);
        } else {
          out.emit(static_cast<char32_t>(byte));
        }
        return Step::kContinue;
      case kIsoKatakana:
        if (byte == 0x1B) {
          s.isoState = kIsoEscapeStart;
          return Step::kContinue;
        }
        if (byte == kEndOfQueue) return Step::kFinished;
        s.flag = 0;
        if (byte < 0x21 || byte > 0x5F) return Step::kError;
        out.emit(static_cast<char32_t>(0xFF61 - 0x21 + byte));
        return Step::kContinue;
      case kIsoLeadByte:
        if (byte == 0x1B) {
          s.isoState = kIsoEscapeStart;
          return Step::kContinue;
        }
        if (byte == kEndOfQueue) return Step::kFinished;
        s.flag = 0;
        if (byte < 0x21 || byte > 0x7E) return Step::kError;
        s.lead = static_cast<uint8_t>(byte);
        s.isoState = kIsoTrailByte;
        return Step::kContinue;
      case kIsoTrailByte: {
        if (byte == 0x1B) {
          s.isoState = kIsoEscapeStart;
          return Step::kError;
        }
        // At end-of-queue the spec gives end-of-queue back: the next step finishes.
        s.isoState = kIsoLeadByte;
        if (byte < 0x21 || byte > 0x7E) return Step::kError;
        size_t pointer = static_cast<size_t>((s.lead - 0x21) * 94 + byte - 0x21);
        char32_t codePoint = jis0208.at(pointer);
        if (!codePoint) return Step::kError;
        out.emit(codePoint);
        return Step::kContinue;
      }
      case kIsoEscapeStart:
        if (byte == 0x24 || byte == 0x28) {
          s.lead = static_cast<uint8_t>(byte);
          s.isoState = kIsoEscape;
          return Step::kContinue;
        }
        if (byte != kEndOfQueue) queue.prepend({byte});
        s.flag = 0;
        s.isoState = s.isoOutput;
        return Step::kError;
      case kIsoEscape:
      default: {
        int lead = s.lead;
        s.lead = 0;
        int next = -1;
        if (lead == 0x28 && byte == 0x42) next = kIsoAscii;
        if (lead == 0x28 && byte == 0x4A) next = kIsoRoman;
        if (lead == 0x28 && byte == 0x49) next = kIsoKatakana;
        if (lead == 0x24 && (byte == 0x40 || byte == 0x42)) next = kIsoLeadByte;
        if (next >= 0) {
          s.isoState = s.isoOutput = static_cast<uint8_t>(next);
          bool output = s.flag;
          s.flag = 1;
          return output ? Step::kError : Step::kContinue;
        }
        if (byte == kEndOfQueue) {
          queue.prepend({lead});
        } else {
          queue.prepend({lead, byte});
        }
        s.flag = 0;
        s.isoState = s.isoOutput;
        return Step::kError;
      }
    }
  });
}

// https://encoding.spec.whatwg.org/#shift_jis-decoder
bool decodeShiftJis(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView jis0208(legacyIndex(IndexId::kJis0208));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    if (byte == kEndOfQueue) {
      if (!s.lead) return Step::kFinished;
      s.lead = 0;
      return Step::kError;
    }
    if (s.lead) {
      int lead = s.lead;
      s.lead = 0;
      if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0x80 && byte <= 0xFC)) {
        size_t pointer = static_cast<size_t>((lead - (lead < 0xA0 ? 0x81 : 0xC1)) * 188 + byte -
                                             (byte < 0x7F ? 0x40 : 0x41));
        // The user-defined rows.
        if (pointer >= 8836 && pointer <= 10715) {
          out.emit(static_cast<char32_t>(0xE000 - 8836 + pointer));
          return Step::kContinue;
        }
        if (char32_t codePoint = jis0208.at(pointer)) {
          out.emit(codePoint);
          return Step::kContinue;
        }
      }
      if (isAscii(byte)) queue.prepend({byte});
      return Step::kError;
    }
    if (byte <= 0x80) {
      out.emit(static_cast<char32_t>(byte));
      return Step::kContinue;
    }
    if (byte >= 0xA1 && byte <= 0xDF) {
      out.emit(static_cast<char32_t>(0xFF61 - 0xA1 + byte));
      return Step::kContinue;
    }
    if ((byte >= 0x81 && byte <= 0x9F) || (byte >= 0xE0 && byte <= 0xFC)) {
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    return Step::kError;
  });
}

// https://encoding.spec.whatwg.org/#euc-kr-decoder
bool decodeEucKr(ByteQueue& queue, bool flush, bool fatal, Output& out, LegacyState& s) {
  IndexView index(legacyIndex(IndexId::kEucKr));
  return runDecoder(queue, flush, fatal, out, [&](int byte) {
    if (byte == kEndOfQueue) {
      if (!s.lead) return Step::kFinished;
      s.lead = 0;
      return Step::kError;
    }
    if (s.lead) {
      int lead = s.lead;
      s.lead = 0;
      if (byte >= 0x41 && byte <= 0xFE) {
        size_t pointer = static_cast<size_t>((lead - 0x81) * 190 + (byte - 0x41));
        if (char32_t codePoint = index.at(pointer)) {
          out.emit(codePoint);
          return Step::kContinue;
        }
      }
      if (isAscii(byte)) queue.prepend({byte});
      return Step::kError;
    }
    if (isAscii(byte)) {
      out.emit(static_cast<char32_t>(byte));
      return Step::kContinue;
    }
    if (byte >= 0x81 && byte <= 0xFE) {
      s.lead = static_cast<uint8_t>(byte);
      return Step::kContinue;
    }
    return Step::kError;
  });
}

// Whether ICU has the data a decoder's tables are built from.
bool legacyTablesAvailable(int kind) {
  switch (static_cast<Kind>(kind)) {
    case Kind::kGb18030:
    case Kind::kGbk: return !legacyIndex(IndexId::kGb18030).empty();
    case Kind::kBig5: return !legacyIndex(IndexId::kBig5).empty();
    case Kind::kEucJp:
      return !legacyIndex(IndexId::kJis0208).empty() && !legacyIndex(IndexId::kJis0212).empty();
    case Kind::kIso2022Jp:
    case Kind::kShiftJis: return !legacyIndex(IndexId::kJis0208).empty();
    case Kind::kEucKr: return !legacyIndex(IndexId::kEucKr).empty();
    default: return true;
  }
}

void throwTooLong(v8::Isolate* isolate) {
  throwRangeError(isolate, "Invalid string length: the decoded text is too long for a string");
}

// Makes the result string: one byte per character when every unit fits.
void returnUnits(const v8::FunctionCallbackInfo<v8::Value>& info,
                 const std::vector<char16_t>& units) {
  v8::Isolate* isolate = info.GetIsolate();
  if (units.size() > static_cast<size_t>(v8::String::kMaxLength)) return throwTooLong(isolate);
  char16_t all = 0;
  for (char16_t unit : units) all |= unit;
  int length = static_cast<int>(units.size());
  if (all < 0x100) {
    std::unique_ptr<uint8_t[]> latin1(new uint8_t[units.size() + 1]);
    for (size_t i = 0; i < units.size(); ++i) latin1[i] = static_cast<uint8_t>(units[i]);
    return returnString(info, [&] {
      return v8::String::NewFromOneByte(isolate, latin1.get(), v8::NewStringType::kNormal, length);
    });
  }
  returnString(info, [&] {
    return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data()),
                                      v8::NewStringType::kNormal, length);
  });
}

// The legacy half of op_encoding_decode. No BOM handling: only the UTF encodings have it.
void decodeLegacy(const v8::FunctionCallbackInfo<v8::Value>& info, const uint8_t* input,
                  size_t length, uint8_t* state, int kind, bool fatal, bool stream) {
  v8::Isolate* isolate = info.GetIsolate();
  // A call after a non-streaming one starts a new decoder.
  if (!state[kDoNotFlush]) std::memset(state + kLead, 0, kStateSize - kLead);
  state[kDoNotFlush] = stream;
  LegacyState s(state);

  // Text that is all ASCII decodes to itself in every legacy decoder's initial state
  // except ISO-2022-JP's (escapes, SO and SI).
  if (s.ground() && kind != static_cast<int>(Kind::kIso2022Jp) &&
      simdutf::validate_ascii(reinterpret_cast<const char*>(input), length)) {
    if (length > static_cast<size_t>(v8::String::kMaxLength)) return throwTooLong(isolate);
    return returnString(info, [&] {
      return v8::String::NewFromOneByte(isolate, input, v8::NewStringType::kNormal,
                                        static_cast<int>(length));
    });
  }

  Output out(length + 4);
  bool ok = true;
  if (kind >= static_cast<int>(Kind::kSingleByte)) {
    const SingleByteTable& table =
        singleByteTable(static_cast<size_t>(kind - static_cast<int>(Kind::kSingleByte)));
    if (table.empty()) {
      return throwTypeError(isolate, "TextDecoder: the conversion table for " + kindName(kind) +
                                         " is not available (ICU data is missing)");
    }
    std::vector<char16_t>& units = out.units();
    units.resize(length);
    for (size_t i = 0; i < length; ++i) {
      uint8_t byte = input[i];
      char16_t unit = byte < 0x80 ? byte : table[byte - 0x80];
      if (!unit) {
        if (fatal) {
          ok = false;
          break;
        }
        unit = 0xFFFD;
      }
      units[i] = unit;
    }
  } else if (kind == static_cast<int>(Kind::kXUserDefined)) {
    std::vector<char16_t>& units = out.units();
    units.resize(length);
    for (size_t i = 0; i < length; ++i) {
      units[i] = static_cast<char16_t>(input[i] < 0x80 ? input[i] : 0xF780 + input[i] - 0x80);
    }
  } else {
    if (!legacyTablesAvailable(kind)) {
      return throwTypeError(isolate, "TextDecoder: the conversion tables for " + kindName(kind) +
                                         " are not available (ICU data is missing)");
    }
    ByteQueue queue(input, length);
    bool flush = !stream;
    switch (static_cast<Kind>(kind)) {
      case Kind::kGb18030:
      case Kind::kGbk: ok = decodeGb18030(queue, flush, fatal, out, s); break;
      case Kind::kBig5: ok = decodeBig5(queue, flush, fatal, out, s); break;
      case Kind::kEucJp: ok = decodeEucJp(queue, flush, fatal, out, s); break;
      case Kind::kIso2022Jp: ok = decodeIso2022Jp(queue, flush, fatal, out, s); break;
      case Kind::kShiftJis: ok = decodeShiftJis(queue, flush, fatal, out, s); break;
      case Kind::kEucKr: ok = decodeEucKr(queue, flush, fatal, out, s); break;
      default: return throwTypeError(isolate, "Invalid TextDecoder encoding");
    }
    s.store(state);
  }
  if (!ok) return throwInvalidData(isolate, kind);
  returnUnits(info, out.units());
}

// op_encoding_decode(input, state, kind, fatal, ignoreBOM, stream) -> string
void opDecode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const uint8_t* input = nullptr;
  size_t inputLength = 0;
  if (!bufferBytes(info[0], &input, &inputLength)) {
    return throwTypeError(isolate, "The provided value is not an ArrayBuffer or an ArrayBufferView");
  }
  if (!info[1]->IsUint8Array() || info[1].As<v8::Uint8Array>()->ByteLength() < kStateSize) {
    return throwTypeError(isolate, "Invalid TextDecoder state");
  }
  auto stateArray = info[1].As<v8::Uint8Array>();
  uint8_t* state = static_cast<uint8_t*>(stateArray->Buffer()->Data()) + stateArray->ByteOffset();
  int kindNumber = info[2]->Int32Value(isolate->GetCurrentContext()).FromMaybe(-1);
  bool fatal = info[3]->IsTrue();
  bool ignoreBom = info[4]->IsTrue();
  bool stream = info[5]->IsTrue();
  if (kindNumber > static_cast<int>(Kind::kUtf16be)) {
    if (kindName(kindNumber).empty()) {
      return throwTypeError(isolate, "Invalid TextDecoder encoding");
    }
    return decodeLegacy(info, input, inputLength, state, kindNumber, fatal, stream);
  }
  if (kindNumber < 0) return throwTypeError(isolate, "Invalid TextDecoder encoding");
  auto kind = static_cast<Kind>(kindNumber);

  // A call after a non-streaming one starts a new stream.
  if (!state[kDoNotFlush]) {
    state[kBomSeen] = 0;
    state[kPendingCount] = 0;
  }
  state[kDoNotFlush] = stream;

  // Bytes carried over from the previous call go in front of this input.
  std::vector<uint8_t> joined;
  const uint8_t* data = input;
  size_t length = inputLength;
  size_t pendingCount = std::min<size_t>(state[kPendingCount], 3);
  if (pendingCount) {
    joined.reserve(pendingCount + inputLength);
    joined.insert(joined.end(), state + kPending, state + kPending + pendingCount);
    if (inputLength) joined.insert(joined.end(), input, input + inputLength);
    data = joined.data();
    length = joined.size();
  }
  state[kPendingCount] = 0;

  if (kind == Kind::kUtf8) {
    size_t tail = stream ? incompleteUtf8Tail(data, length) : 0;
    size_t body = length - tail;
    if (fatal && !simdutf::validate_utf8(reinterpret_cast<const char*>(data), body)) {
      return throwInvalidData(isolate, kindNumber);
    }
    if (tail) std::memcpy(state + kPending, data + body, tail);
    state[kPendingCount] = static_cast<uint8_t>(tail);
    size_t skip = 0;
    if (!state[kBomSeen] && !ignoreBom && body >= 3 && data[0] == 0xEF && data[1] == 0xBB &&
        data[2] == 0xBF) {
      skip = 3;
    }
    if (body > 0) state[kBomSeen] = 1;
    return returnString(info, [&] { return decodeUtf8(isolate, data + skip, body - skip, fatal); });
  }

  // UTF-16: copy into aligned native-endian code units.
  size_t unitCount = length / 2;
  bool oddByte = length % 2;
  std::vector<char16_t> units(unitCount);
  if (unitCount) std::memcpy(units.data(), data, unitCount * 2);
  if ((kind == Kind::kUtf16be) != (std::endian::native == std::endian::big)) {
    simdutf::change_endianness_utf16(units.data(), unitCount, units.data());
  }
  auto isHighSurrogate = [](char16_t u) { return u >= 0xD800 && u <= 0xDBFF; };
  if (stream) {
    // Carry over an odd byte and a lead surrogate that may still get its pair.
    size_t keep = oddByte ? 1 : 0;
    if (unitCount && isHighSurrogate(units[unitCount - 1])) {
      keep += 2;
      units.pop_back();
    }
    if (keep) std::memcpy(state + kPending, data + length - keep, keep);
    state[kPendingCount] = static_cast<uint8_t>(keep);
  } else if (oddByte) {
    // End of stream inside a code unit: one error, which absorbs a waiting lead surrogate.
    if (fatal) return throwInvalidData(isolate, kindNumber);
    if (!units.empty() && isHighSurrogate(units.back())) units.pop_back();
    units.push_back(0xFFFD);
  }
  if (fatal) {
    if (!simdutf::validate_utf16(units.data(), units.size())) return throwInvalidData(isolate, kindNumber);
  } else {
    for (size_t at = 0; at < units.size();) {
      simdutf::result r = simdutf::validate_utf16_with_errors(units.data() + at, units.size() - at);
      if (r.error == simdutf::SUCCESS) break;
      units[at + r.count] = 0xFFFD;
      at += r.count + 1;
    }
  }
  size_t skip = 0;
  if (!state[kBomSeen] && !ignoreBom && !units.empty() && units[0] == 0xFEFF) skip = 1;
  if (!units.empty()) state[kBomSeen] = 1;
  size_t outLength = units.size() - skip;
  if (outLength > static_cast<size_t>(v8::String::kMaxLength)) {
    return throwRangeError(isolate, "Invalid string length: the decoded text is too long for a string");
  }
  returnString(info, [&] {
    return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data() + skip),
                                      v8::NewStringType::kNormal, static_cast<int>(outLength));
  });
}

constexpr int kUtf8WriteFlags = v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8;

v8::Local<v8::Uint8Array> newUint8Array(v8::Isolate* isolate, std::unique_ptr<v8::BackingStore> store,
                                        size_t length) {
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  return v8::Uint8Array::New(buffer, 0, length);
}

// op_encoding_encode(string) -> Uint8Array of its UTF-8, lone surrogates as U+FFFD.
void opEncode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::String> source;
  if (!info[0]->ToString(isolate->GetCurrentContext()).ToLocal(&source)) return;
  size_t length = static_cast<size_t>(source->Length());
  // simdutf does the common cases; V8 handles text with lone surrogates.
  if (source->IsOneByte()) {
    std::unique_ptr<char[]> latin1(new char[length]);
    source->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(latin1.get()), 0, -1,
                         v8::String::NO_NULL_TERMINATION);
    auto store = v8::ArrayBuffer::NewBackingStore(isolate, simdutf::utf8_length_from_latin1(latin1.get(), length));
    size_t written = simdutf::convert_latin1_to_utf8(latin1.get(), length, static_cast<char*>(store->Data()));
    return info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), written));
  }
  std::unique_ptr<char16_t[]> units(new char16_t[length]);
  source->Write(isolate, reinterpret_cast<uint16_t*>(units.get()), 0, -1, v8::String::NO_NULL_TERMINATION);
  if (simdutf::validate_utf16(units.get(), length)) {
    auto store = v8::ArrayBuffer::NewBackingStore(isolate, simdutf::utf8_length_from_utf16(units.get(), length));
    size_t written = simdutf::convert_valid_utf16_to_utf8(units.get(), length, static_cast<char*>(store->Data()));
    return info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), written));
  }
  units.reset();
  // A lone surrogate takes 3 bytes either way, so Utf8Length is exact.
  auto store = v8::ArrayBuffer::NewBackingStore(isolate, static_cast<size_t>(source->Utf8Length(isolate)));
  int written = source->WriteUtf8(isolate, static_cast<char*>(store->Data()),
                                  static_cast<int>(store->ByteLength()), nullptr, kUtf8WriteFlags);
  info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), static_cast<size_t>(written)));
}

// op_encoding_encode_into(string, Uint8Array, Uint32Array result): result = [read, written].
void opEncodeInto(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsString() || !info[1]->IsUint8Array() || !info[2]->IsUint32Array()) {
    return throwTypeError(isolate, "encodeInto expects a string and a Uint8Array");
  }
  auto source = info[0].As<v8::String>();
  auto destination = info[1].As<v8::Uint8Array>();
  auto result = info[2].As<v8::Uint32Array>();
  if (result->Length() < 2) return throwTypeError(isolate, "encodeInto result buffer too small");
  size_t capacity = std::min<size_t>(destination->ByteLength(), INT_MAX);
  int read = 0;
  int written = 0;
  if (capacity && source->Length()) {
    char* out = static_cast<char*>(destination->Buffer()->Data()) + destination->ByteOffset();
    // Stops before a character that does not fit; read counts UTF-16 code units.
    written = source->WriteUtf8(isolate, out, static_cast<int>(capacity), &read, kUtf8WriteFlags);
  }
  auto* slots = reinterpret_cast<uint32_t*>(static_cast<char*>(result->Buffer()->Data()) +
                                            result->ByteOffset());
  slots[0] = static_cast<uint32_t>(read);
  slots[1] = static_cast<uint32_t>(written);
}

// {name: decoder number} for every encoding TextDecoder supports (replacement aside).
v8::Local<v8::Object> decoderKinds(v8::Isolate* isolate, v8::Local<v8::Context> context) {
  v8::Local<v8::Object> kinds = v8::Object::New(isolate, v8::Null(isolate), nullptr, nullptr, 0);
  auto set = [&](const char* name, int kind) {
    kinds->Set(context, toV8String(isolate, name), v8::Integer::New(isolate, kind)).Check();
  };
  for (const NamedKind& named : kNamedKinds) set(named.name, named.kind);
  for (size_t i = 0; i < kSingleByteCount; ++i) {
    set(kSingleByteEncodings[i].name, static_cast<int>(Kind::kSingleByte) + static_cast<int>(i));
  }
  return kinds;
}

}  // namespace

void installEncodingOps(OpsBuilder& ops) {
  ops.add("op_encoding_decode", opDecode, 6);
  ops.add("op_encoding_encode", opEncode, 1);
  ops.add("op_encoding_encode_into", opEncodeInto, 3);
  ops.addValue("op_encoding_decoders", decoderKinds(ops.isolate(), ops.context()));
}

}  // namespace nano
