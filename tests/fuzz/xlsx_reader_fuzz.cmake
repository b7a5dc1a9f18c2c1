# libFuzzer target for the XLSX reader past the zip layer (LIFELINE_FUZZ=ON, clang only):
#   scripts/fuzz.sh xlsx_reader 300
# Included from src/sheets (where lifeline_sheets is defined) and tests/fuzz.
if(NOT TARGET lifeline_fuzz_xlsx_reader AND CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND TARGET lifeline_sheets)
  pkg_check_modules(FUZZ_ZIP REQUIRED IMPORTED_TARGET libzip)
  target_compile_options(lifeline_sheets PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_compile_options(lifeline_core PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_executable(lifeline_fuzz_xlsx_reader ${CMAKE_CURRENT_LIST_DIR}/xlsx_reader_fuzz.cpp)
  target_compile_options(lifeline_fuzz_xlsx_reader PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(lifeline_fuzz_xlsx_reader PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(lifeline_fuzz_xlsx_reader PRIVATE lifeline_sheets PkgConfig::FUZZ_ZIP)
endif()
