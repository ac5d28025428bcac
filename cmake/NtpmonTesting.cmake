# ntpmon_add_test(<name> LABEL unit|integration SOURCES ... [LIBS ...])
# Builds a GoogleTest binary into build/tests/ and registers each of its tests with ctest,
# labelled so that `ctest -L unit` and `ctest -L integration` pick them apart.
# Integration tests find the test database through TEST_DATABASE_DSN (default: the one
# scripts/test-db.sh starts) and each binary creates and drops a database of its own.
set(NTPMON_TEST_DATABASE_DSN "monitor:test123@tcp(127.0.0.1:3308)/monitor_test" CACHE STRING
    "DSN of the server integration tests create their databases on")

function(ntpmon_add_test name)
  cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_LABEL)
    message(FATAL_ERROR "ntpmon_add_test(${name}): LABEL unit|integration is required")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  add_executable(${name} ${T_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main Threads::Threads)
  target_compile_definitions(${name} PRIVATE
    NTPMON_SOURCE_DIR="${CMAKE_SOURCE_DIR}" NTPMON_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT}
               ENVIRONMENT "TEST_DATABASE_DSN=${NTPMON_TEST_DATABASE_DSN}")
endfunction()
