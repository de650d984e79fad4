// main() of the viewer's test binaries. Listing the tests (gtest discovery) creates no Qt application,
// so it needs no display. Outside ctest, it defaults to Qt's offscreen platform and a private runtime
// directory, as the ctest environment sets them.
#include <gtest/gtest.h>

#include <QtGlobal>
#ifdef DRILLSIM_GUI_TEST_CORE_APP
#include <QCoreApplication>
#else
#include <QApplication>
#endif

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
    std::string dir = "/tmp/drillsim-gui-test-XXXXXX";
    if (mkdtemp(dir.data()) != nullptr) qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir));  // 0700.
  }
#ifdef DRILLSIM_GUI_TEST_CORE_APP
  QCoreApplication app(argc, argv);
#else
  QApplication app(argc, argv);
#endif
  return RUN_ALL_TESTS();
}
