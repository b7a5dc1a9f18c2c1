# libFuzzer target for the spreadsheet readers (LIFELINE_FUZZ=ON, clang only):
#   CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DLIFELINE_FUZZ=ON -DLIFELINE_TESTS=OFF -DLIFELINE_BENCH=OFF
#   ninja -C build/fuzz lifeline_fuzz_table_reader
#   build/fuzz/lifeline_fuzz_table_reader tests/fuzz/corpus/table_reader -max_total_time=60
# Included from src/sheets (where lifeline_sheets is defined) and tests/fuzz.
if(NOT TARGET lifeline_fuzz_table_reader AND CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND TARGET lifeline_sheets)
  set(_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_compile_options(lifeline_sheets PRIVATE ${_fuzz_flags})
  target_compile_options(lifeline_core PRIVATE ${_fuzz_flags})
  add_executable(lifeline_fuzz_table_reader ${CMAKE_CURRENT_LIST_DIR}/table_reader_fuzz.cpp)
  target_compile_options(lifeline_fuzz_table_reader PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(lifeline_fuzz_table_reader PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(lifeline_fuzz_table_reader PRIVATE lifeline_sheets)
endif()
