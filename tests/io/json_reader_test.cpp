#include "io/json_reader.hpp"

#include <string>

#include <gtest/gtest.h>

namespace drillsim::io {
namespace {

// Runs `body`, which must throw InputError, and returns it.
template <typename Body>
InputError catch_input_error(Body body) {
  try {
    body();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError thrown";
  return InputError("", "", "");
}

TEST(LineCol, CountsLinesAndColumnsFromOne) {
  const std::string text = "{\n  \"a\": 1,\n}";
  EXPECT_EQ(line_col(text, 0), "1:1");   // '{'
  EXPECT_EQ(line_col(text, 1), "1:2");   // the first newline, at the end of line 1
  EXPECT_EQ(line_col(text, 4), "2:3");   // '"' of "a"
  EXPECT_EQ(line_col(text, 12), "3:1");  // '}'
  EXPECT_EQ(line_col(text, 13), "3:2");  // the end of the text
  EXPECT_EQ(line_col(text, 99), "3:2");  // clamped to the end
}

TEST(ParseJson, SyntaxErrorGivesLineColOfTheOffendingByte) {
  const std::string text = "{\n  \"a\": 1,\n}";
  const InputError e = catch_input_error([&] { parse_json(text, "t.json"); });
  EXPECT_EQ(e.where(), "3:1");
  EXPECT_EQ(e.problem().rfind("JSON syntax error: ", 0), 0u) << e.problem();
  EXPECT_NE(e.problem().find("unexpected '}'"), std::string::npos) << e.problem();
  EXPECT_EQ(e.problem().find("json.exception"), std::string::npos) << e.problem();
}

TEST(ParseJson, EmptyTextIsASyntaxErrorAtOneOne) {
  const InputError e = catch_input_error([] { parse_json("", "empty.json"); });
  EXPECT_EQ(e.where(), "1:1");
  EXPECT_NE(e.problem().find("unexpected end of input"), std::string::npos) << e.problem();
}

TEST(ParseJson, TrailingDataIsASyntaxError) {
  const InputError e = catch_input_error([] { parse_json("{} x", "t.json"); });
  EXPECT_EQ(e.where(), "1:4");
}

TEST(ParseJson, CommentsAreSyntaxErrors) {
  const InputError e = catch_input_error([] { parse_json("{\n// no\n}", "t.json"); });
  EXPECT_EQ(e.where(), "2:1");
}

TEST(ParseJson, DuplicateKeyIsReportedAtItsPointer) {
  const InputError e = catch_input_error(
      [] { parse_json(R"({"a": [1, {"b": 1}, {"c": {"d": 1, "d": 2}}], "e": 0})", "t.json"); });
  EXPECT_EQ(e.where(), "/a/2/c/d");
  EXPECT_NE(e.problem().find("duplicate key \"d\""), std::string::npos) << e.problem();
}

TEST(ParseJson, SameKeyInSiblingObjectsIsFine) {
  const Json doc = parse_json(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]})", "t.json");
  EXPECT_EQ(doc["c"][1]["x"].get<int>(), 4);
}

TEST(ParseJson, KeepsKeysInDocumentOrder) {
  const Json doc = parse_json(R"({"zeta": 1, "alpha": 2})", "t.json");
  EXPECT_EQ(doc.begin().key(), "zeta");
}

TEST(EscapePointerToken, EscapesTildeAndSlash) {
  EXPECT_EQ(escape_pointer_token("a/b~c"), "a~1b~0c");
}

TEST(DescribeFound, DumpsCompactJson) {
  EXPECT_EQ(describe_found(Json("three")), "\"three\"");
  EXPECT_EQ(describe_found(Json(nullptr)), "null");
  EXPECT_EQ(describe_found(Json::parse("[1, 2]")), "[1,2]");
  EXPECT_EQ(describe_found(Json(0.9)), "0.9");
}

TEST(DescribeFound, CutsAtFortyCharacters) {
  const std::string found = describe_found(Json(std::string(100, 'x')));
  EXPECT_EQ(found.size(), 40u);
  EXPECT_EQ(found, "\"" + std::string(36, 'x') + "...");
}

TEST(DescribeFound, NeverCutsInsideAUtf8Sequence) {
  // Dumped: '"', 'a', 30 x 'x', four 2-byte "é", '"' = 41 bytes. A cut at byte 37 would split the third "é"
  // (bytes 36-37), so the cut moves back to byte 36 and keeps two.
  const std::string found =
      describe_found(Json("a" + std::string(30, 'x') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
  EXPECT_EQ(found, "\"a" + std::string(30, 'x') + "\xC3\xA9\xC3\xA9" + "...");
}

TEST(FormatNumber, ShortestUsefulForm) {
  EXPECT_EQ(format_number(0.9 + 0.2), "1.1");
  EXPECT_EQ(format_number(2592000), "2592000");
  EXPECT_EQ(format_number(0.5), "0.5");
}

TEST(EditDistance, CountsTypos) {
  EXPECT_EQ(edit_distance("replcas", "replicas"), 1u);   // one deletion
  EXPECT_EQ(edit_distance("wieghts", "weights"), 1u);    // one transposition
  EXPECT_EQ(edit_distance("Replicas", "replicas"), 0u);  // case is ignored
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestMatch, SuggestsOnlyLikelyTypos) {
  const std::vector<std::string_view> keys{"name", "service", "replicas", "at_s", "duration_s"};
  EXPECT_EQ(closest_match("replcas", keys), "replicas");
  EXPECT_EQ(closest_match("sevrice", keys), "service");
  EXPECT_EQ(closest_match("at_", keys), "at_s");
  EXPECT_FALSE(closest_match("mean_s", std::vector<std::string_view>{"kind", "min_s", "max_s"}).has_value());
  EXPECT_EQ(closest_match("durationS", keys), "duration_s");
  EXPECT_FALSE(closest_match("colour", keys).has_value());
}

TEST(Range, Describes) {
  EXPECT_EQ(Range().describe("a number"), "a number");
  EXPECT_EQ(Range::at_least(0).describe("an integer"), "an integer >= 0");
  EXPECT_EQ(Range::greater_than(0).describe("a number"), "a number > 0");
  EXPECT_EQ(Range::probability().describe("a number"), "a number in [0, 1]");
  EXPECT_EQ(Range::greater_than(0).and_at_most(2592000).describe("a number"), "a number > 0 and <= 2592000");
  EXPECT_EQ(Range::at_least(0).and_less_than(3600, "duration_s").describe("a number"),
            "a number >= 0 and < 3600 (duration_s)");
}

TEST(Range, Contains) {
  EXPECT_TRUE(Range::probability().contains(0.0));
  EXPECT_TRUE(Range::probability().contains(1.0));
  EXPECT_FALSE(Range::probability().contains(1.5));
  EXPECT_FALSE(Range::greater_than(0).contains(0.0));
  EXPECT_FALSE(Range::at_least(0).and_less_than(10).contains(10.0));
  EXPECT_FALSE(Range().contains(std::numeric_limits<double>::quiet_NaN()));
}

class JsonReaderTest : public ::testing::Test {
 protected:
  JsonReader read(const std::string& text) {
    doc_ = parse_json(text, "t.json");
    return JsonReader(doc_, "t.json");
  }
  Json doc_;
};

TEST_F(JsonReaderTest, WrongTypeSaysExpectedAndFound) {
  const JsonReader r = read(R"({"replicas": "three"})");
  const InputError e = catch_input_error([&] { r.integer("replicas", Range::at_least(0)); });
  EXPECT_STREQ(e.what(), "t.json:/replicas: expected an integer >= 0, found \"three\"");
}

TEST_F(JsonReaderTest, MissingFieldSaysMissingAndExpected) {
  const JsonReader r = read(R"({})");
  const InputError e = catch_input_error([&] { r.number("rto_s", Range::greater_than(0)); });
  EXPECT_STREQ(e.what(), "t.json:/rto_s: missing; expected a number > 0");
}

TEST_F(JsonReaderTest, IntegersMayBeWrittenWithAZeroFraction) {
  const JsonReader r = read(R"({"a": 3.0, "b": 3.5, "c": -0.0, "d": 1e3})");
  EXPECT_EQ(r.integer("a"), 3);
  EXPECT_EQ(r.integer("c"), 0);
  EXPECT_EQ(r.integer("d"), 1000);
  const InputError e = catch_input_error([&] { r.integer("b"); });
  EXPECT_EQ(e.problem(), "expected an integer, found 3.5");
}

TEST_F(JsonReaderTest, IntegerBeyondTheTypeNamesTheLimit) {
  const JsonReader r = read(R"({"a": 3000000000, "b": 1e30})");
  EXPECT_EQ(catch_input_error([&] { r.integer("a", Range::at_least(0), 2147483647); }).problem(),
            "expected an integer in [0, 2147483647], found 3000000000");
  EXPECT_EQ(catch_input_error([&] { r.integer("b", Range::at_least(0)); }).problem(),
            "expected an integer in [0, 9.22337203685e+18], found 1e+30");
}

TEST_F(JsonReaderTest, BooleansAreNotNumbers) {
  const JsonReader r = read(R"({"a": true})");
  EXPECT_EQ(catch_input_error([&] { r.number("a"); }).problem(), "expected a number, found true");
}

TEST_F(JsonReaderTest, BooleansAreOnlyTrueAndFalse) {
  const JsonReader r = read(R"({"t": true, "f": false, "one": 1, "s": "true", "n": null})");
  EXPECT_TRUE(r.at("t", "").as_bool());
  EXPECT_FALSE(r.at("f", "").as_bool());
  EXPECT_TRUE(r.boolean_or("t", false));
  EXPECT_FALSE(r.boolean_or("f", true));
  EXPECT_TRUE(r.boolean_or("absent", true));
  EXPECT_FALSE(r.boolean_or("absent", false));
  EXPECT_EQ(catch_input_error([&] { r.boolean_or("one", false); }).problem(),
            "expected true or false, found 1");
  EXPECT_EQ(catch_input_error([&] { r.boolean_or("s", false); }).problem(),
            "expected true or false, found \"true\"");
  const InputError e = catch_input_error([&] { r.boolean_or("n", false); });
  EXPECT_EQ(e.where(), "/n");
  EXPECT_EQ(e.problem(), "expected true or false, found null");
}

TEST(ParseJson, NumbersMustFitInADouble) {
  const InputError e = catch_input_error([] { parse_json("{\n  \"a\": 1e400\n}", "t.json"); });
  EXPECT_EQ(e.where(), "2:8");  // the first byte of 1e400
  EXPECT_EQ(e.problem(), "number out of range: 1e400 does not fit in a double");
}

TEST_F(JsonReaderTest, Uint64TakesTheWholeRange) {
  const JsonReader r = read(R"({"a": 18446744073709551615, "b": 7.0, "c": -1, "d": 2.5})");
  EXPECT_EQ(r.at("a", "").as_uint64(), 18446744073709551615ull);
  EXPECT_EQ(r.at("b", "").as_uint64(), 7u);
  EXPECT_EQ(catch_input_error([&] { r.at("c", "").as_uint64(); }).problem(),
            "expected an integer >= 0, found -1");
  EXPECT_EQ(catch_input_error([&] { r.at("d", "").as_uint64(); }).problem(),
            "expected an integer >= 0, found 2.5");
}

TEST_F(JsonReaderTest, DefaultsApplyOnlyWhenAbsent) {
  const JsonReader r = read(R"({"a": 2, "n": null})");
  EXPECT_EQ(r.number_or("a", 1.0), 2.0);
  EXPECT_EQ(r.number_or("b", 1.0), 1.0);
  EXPECT_EQ(catch_input_error([&] { r.number_or("n", 1.0); }).problem(), "expected a number, found null");
}

TEST_F(JsonReaderTest, NonEmptyString) {
  const JsonReader r = read(R"({"a": ""})");
  EXPECT_EQ(r.string("a"), "");
  EXPECT_EQ(catch_input_error([&] { r.string("a", true); }).problem(),
            "expected a non-empty string, found \"\"");
}

TEST_F(JsonReaderTest, UnknownKeySuggestsTheClosestAllowedKey) {
  const JsonReader r = read(R"({"name": "x", "replcas": 2})");
  const InputError e = catch_input_error([&] { r.allow_only({"name", "replicas", "latency_factor"}); });
  EXPECT_EQ(e.where(), "/replcas");
  EXPECT_EQ(e.problem(), "unknown key \"replcas\"; did you mean \"replicas\"?");
}

TEST_F(JsonReaderTest, UnknownKeyWithoutACloseMatchListsTheAllowedKeys) {
  const JsonReader r = read(R"({"colour": "red"})");
  const InputError e = catch_input_error([&] { r.allow_only({"name", "replicas"}); });
  EXPECT_EQ(e.problem(), "unknown key \"colour\"; allowed keys: name, replicas");
}

TEST_F(JsonReaderTest, UnknownKeyWithContextAlwaysSaysWhatIsTaken) {
  const JsonReader r = read(R"({"windw_s": 1})");
  EXPECT_EQ(catch_input_error([&] {
              r.allow_only({"name", "window_s"}, "a \"verify\" step takes");
            }).problem(),
            "unknown key \"windw_s\"; did you mean \"window_s\"? (a \"verify\" step takes: name, window_s)");
  const JsonReader s = read(R"({"replicas": 1})");
  EXPECT_EQ(catch_input_error([&] {
              s.allow_only({"name", "window_s"}, "a \"verify\" step takes");
            }).problem(),
            "unknown key \"replicas\"; a \"verify\" step takes: name, window_s");
}

TEST_F(JsonReaderTest, UnknownKeyIsTheFirstInDocumentOrder) {
  const JsonReader r = read(R"({"zz": 1, "aa": 2})");
  EXPECT_EQ(catch_input_error([&] { r.allow_only({}); }).where(), "/zz");
}

TEST_F(JsonReaderTest, KeysWithSlashesAreEscapedInPointers) {
  const JsonReader r = read(R"({"a/b": 1})");
  EXPECT_EQ(catch_input_error([&] { r.allow_only({"name"}); }).where(), "/a~1b");
}

TEST_F(JsonReaderTest, ChoiceListsTheAllowedValues) {
  const JsonReader r = read(R"({"v": "neww", "w": 3, "x": "bogus"})");
  const std::vector<std::string_view> versions{"stable", "new"};
  EXPECT_EQ(catch_input_error([&] { r.choice("v", versions, "version"); }).problem(),
            "unknown version \"neww\"; did you mean \"new\"? allowed: stable, new");
  EXPECT_EQ(catch_input_error([&] { r.choice("w", versions, "version"); }).problem(),
            "expected one of \"stable\", \"new\", found 3");
  EXPECT_EQ(catch_input_error([&] { r.choice("x", versions, "version"); }).problem(),
            "unknown version \"bogus\"; allowed: stable, new");
  EXPECT_EQ(r.choice_or("absent", 1, versions, "version"), 1u);
}

TEST_F(JsonReaderTest, ArrayElementsKnowTheirPointers) {
  const JsonReader r = read(R"({"list": [10, "x"]})");
  const auto items = r.at("list", "an array").as_array("an array of numbers", true);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].as_number(), 10.0);
  EXPECT_EQ(catch_input_error([&] { items[1].as_number(); }).where(), "/list/1");
}

TEST_F(JsonReaderTest, EmptyArrayRejectedWhenNonEmptyRequired) {
  const JsonReader r = read(R"({"list": []})");
  EXPECT_EQ(
      catch_input_error([&] { r.at("list", "").as_array("a non-empty array of services", true); }).problem(),
      "expected a non-empty array of services, found []");
}

// ------------------------------------------------------------------------------------- limits (issue 14)

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(ParseJsonLimits, NestingUpToTheLimitIsRead) {
  EXPECT_NO_THROW(parse_json(nested_arrays(kMaxJsonDepth), "t.json"));
  EXPECT_NO_THROW(parse_json("{\"a\": " + nested_arrays(kMaxJsonDepth - 1) + "}", "t.json"));
}

TEST(ParseJsonLimits, DeeperNestingIsRefusedAtItsPointer) {
  // Memory grew with the square of the depth: every open level copied its parent's whole pointer.
  const InputError e =
      catch_input_error([] { parse_json("{\"a\": [{\"b\": " + nested_arrays(200000) + "}]}", "t.json"); });
  std::string pointer = "/a/0/b";
  for (std::size_t i = 3; i < kMaxJsonDepth; ++i)
    pointer += "/0";
  EXPECT_EQ(e.where(), pointer);
  EXPECT_EQ(e.problem(), "nested deeper than the limit of 64 levels of arrays and objects");
}

TEST(ParseJsonLimits, LongStringsAndKeysAreRefused) {
  const std::string at_limit(kMaxJsonStringBytes, 'x');
  EXPECT_NO_THROW(parse_json("{\"a\": \"" + at_limit + "\"}", "t.json"));
  const InputError value =
      catch_input_error([&] { parse_json("{\"a\": [1, \"" + at_limit + "y\"]}", "t.json"); });
  EXPECT_EQ(value.where(), "/a/1");
  EXPECT_EQ(value.problem(), "a string of 65537 bytes is longer than the limit of 65536 bytes");
  const InputError key = catch_input_error([&] { parse_json("{\"" + at_limit + "y\": 1}", "t.json"); });
  EXPECT_EQ(key.problem(), "a key of 65537 bytes is longer than the limit of 65536 bytes");
  EXPECT_LT(std::string(key.what()).size(), 200u);
}

TEST(ParseJsonLimits, SyntaxErrorQuotesAnExcerptOnly) {
  // An unterminated string of 1 MB: nlohmann's reason quotes the whole token it read.
  const std::string secret(1 << 20, 's');
  const InputError e = catch_input_error([&] { parse_json("{\"a\": \"" + secret, "t.json"); });
  EXPECT_LT(e.problem().size(), 200u);
  EXPECT_NE(e.problem().find("last read: '\"" + std::string(56, 's') + "...'"), std::string::npos)
      << e.problem();
}

TEST(ParseJsonLimits, DuplicateAndUnknownKeysAreQuotedAsExcerpts) {
  const std::string long_key(1000, 'q');
  const InputError dup =
      catch_input_error([&] { parse_json("{\"" + long_key + "\": 1, \"" + long_key + "\": 2}", "t.json"); });
  EXPECT_EQ(dup.problem(),
            "duplicate key \"" + std::string(57, 'q') + "...\"; each key may appear only once in an object");
  const Json doc = parse_json("{\"" + long_key + "\": 1}", "t.json");
  const InputError unknown = catch_input_error([&] {
    JsonReader(doc, "t.json").allow_only({"name", "services"});
  });
  EXPECT_EQ(unknown.problem(),
            "unknown key \"" + std::string(57, 'q') + "...\"; allowed keys: name, services");
}

TEST(DescribeFound, InvalidUtf8IsReplacedNotThrown) {
  EXPECT_EQ(describe_found(Json(std::string("a\xFF"))), "\"a\xEF\xBF\xBD\"");
}

TEST(ClosestMatch, ALongWordIsRuledOutByItsLength) {
  // Was one edit-distance table of |word| x |candidate| per candidate: a 30 MB value took gigabytes.
  const std::string blob(3'000'000, 'r');
  EXPECT_FALSE(closest_match(blob, {"replicas", "rollout"}).has_value());
  EXPECT_EQ(closest_match("replicass", {"rollout", "replicas"}), "replicas");
}

TEST(Excerpt, CutsAtSixtyBytesOutsideUtf8) {
  EXPECT_EQ(excerpt("short"), "short");
  EXPECT_EQ(excerpt(std::string(61, 'x')), std::string(57, 'x') + "...");
  // Byte 57 would split an "é" at bytes 56-57: the cut moves back to 56.
  EXPECT_EQ(excerpt(std::string(56, 'x') + "\xC3\xA9" + std::string(10, 'y')), std::string(56, 'x') + "...");
}

}  // namespace
}  // namespace drillsim::io
