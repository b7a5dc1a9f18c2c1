# lifeline_area(NAME DEPS ...): one library per src/<area>, built from the
# folder's *.cpp, and one GoogleTest binary from its *_test.cpp files. The
# DEPS state the layering of docs/architecture.md; an area cannot use what it
# does not link.
function(lifeline_area name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  foreach(excluded ${ARG_EXCLUDE})
    list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/${excluded})
  endforeach()
  set(lib_sources ${sources})
  set(test_sources ${sources})
  list(FILTER lib_sources EXCLUDE REGEX "_test\\.cpp$")
  list(FILTER test_sources INCLUDE REGEX "_test\\.cpp$")
  add_library(lifeline_${name} STATIC ${lib_sources})
  target_include_directories(lifeline_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(lifeline_${name} PUBLIC ${ARG_DEPS})
  if(LIFELINE_TESTS AND test_sources)
    add_executable(lifeline_${name}_tests ${test_sources})
    target_link_libraries(lifeline_${name}_tests PRIVATE lifeline_${name} ${ARG_TEST_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
    add_test(NAME ${name} COMMAND lifeline_${name}_tests)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "LIFELINE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
