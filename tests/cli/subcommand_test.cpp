// The option helper capacity and assess share: whole numbers, the study's options, --help and the exit
// codes of what a subcommand throws. (The commands' whole transcripts are cli.subcommand_usage.)
#include "cli/subcommand.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "cli/options.hpp"

namespace drillsim::cli {
namespace {

namespace po = boost::program_options;

TEST(Subcommand, WholeNumbersWithinTheirDigits) {
  EXPECT_EQ(whole_number("0", "--runs", 3), 0u);
  EXPECT_EQ(whole_number("999", "--runs", 3), 999u);
  EXPECT_THROW(whole_number("1000", "--runs", 3), UsageError);  // four digits
  EXPECT_THROW(whole_number("-1", "--runs", 3), UsageError);
  EXPECT_THROW(whole_number("1.5", "--runs", 3), UsageError);
  EXPECT_THROW(whole_number("", "--runs", 3), UsageError);
  try {
    whole_number("ten", "--seed", 19);
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "--seed expects a whole number, got \"ten\"");
  }
}

TEST(Subcommand, ParsesFilesOptionsAndHelp) {
  po::options_description described("Options");
  StudyArguments study;
  study.add_to(described, "N", "runs", "seed");
  described.add_options()("help,h", "show this help");  // as each command declares it
  char name[] = "capacity", file[] = "a.json", runs[] = "--runs", three[] = "3", help[] = "--help",
       bad[] = "--bogus";
  char* ok_argv[] = {name, file, runs, three};
  const SubcommandLine line = parse_subcommand("capacity", 4, ok_argv, described);
  ASSERT_EQ(line.files.size(), 1u);
  EXPECT_EQ(line.files[0], "a.json");
  std::uint64_t runs_out = 5;
  std::optional<std::uint64_t> seed_out;
  unsigned jobs_out = 0;
  study.apply(line.options, 6, runs_out, seed_out, jobs_out);
  EXPECT_EQ(runs_out, 3u);
  EXPECT_FALSE(seed_out.has_value());
  char* help_argv[] = {name, help};
  EXPECT_THROW(parse_subcommand("capacity", 2, help_argv, described), Help);
  char* bad_argv[] = {name, bad};
  EXPECT_THROW(parse_subcommand("capacity", 2, bad_argv, described), UsageError);
}

TEST(Subcommand, ExitCodesOfWhatTheBodyThrows) {
  const auto failed = [](const RunFailed&) { return std::string("run"); };
  EXPECT_EQ(run_subcommand([] { return 0; }, failed), 0);
  EXPECT_EQ(run_subcommand([]() -> int { throw Help{"usage"}; }, failed), 0);
  EXPECT_EQ(run_subcommand([]() -> int { throw UsageError("bad"); }, failed), 2);
  EXPECT_EQ(run_subcommand([]() -> int { throw std::logic_error("bug"); }, failed), kInternalError);
}

TEST(Subcommand, JsonTextNeverThrowsOnInvalidUtf8) {
  EXPECT_EQ(dump_json(nlohmann::ordered_json("a\xff")), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace drillsim::cli
