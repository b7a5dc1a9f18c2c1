# libFuzzer target for the JSON body parser and JsonInput (LIFELINE_FUZZ=ON, clang only):
#   scripts/fuzz.sh json_body 300
# Included from src/core (where lifeline_core is defined) and tests/fuzz.
if(NOT TARGET lifeline_fuzz_json_body AND CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND TARGET lifeline_core)
  target_compile_options(lifeline_core PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_executable(lifeline_fuzz_json_body ${CMAKE_CURRENT_LIST_DIR}/json_body_fuzz.cpp)
  target_compile_options(lifeline_fuzz_json_body PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(lifeline_fuzz_json_body PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(lifeline_fuzz_json_body PRIVATE lifeline_core)
endif()
