# libFuzzer target for the picture decoder (LIFELINE_FUZZ=ON, clang only):
#   scripts/fuzz.sh picture 300
# Included from src/media (where lifeline_media is defined) and tests/fuzz.
# libjpeg-turbo, libpng and libwebp are Debian's builds, not instrumented:
# coverage guides through lifeline's own code around them (the setjmp error
# paths, the limits, the size of what is kept); the libraries themselves are
# fuzzed upstream (OSS-Fuzz).
if(NOT TARGET lifeline_fuzz_picture AND CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND TARGET lifeline_media)
  target_compile_options(lifeline_media PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_compile_options(lifeline_core PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_executable(lifeline_fuzz_picture ${CMAKE_CURRENT_LIST_DIR}/picture_fuzz.cpp)
  target_compile_options(lifeline_fuzz_picture PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(lifeline_fuzz_picture PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(lifeline_fuzz_picture PRIVATE lifeline_media)
endif()
