# Included from tests/CMakeLists.txt in every build: one regression runner per libFuzzer
# harness (fuzzrun_<name> = tests/fuzz/fuzz_<name>.c + runner_main.c, no libFuzzer) and a
# ctest test fuzz.<name> that feeds it every file of tests/fuzz/corpus/<name>/.
# The pattern for adding a harness is described in tests/fuzz/CMakeLists.txt.
set(SAHA_FUZZ_DIR "${PROJECT_SOURCE_DIR}/tests/fuzz")
file(GLOB SAHA_FUZZ_HARNESSES CONFIGURE_DEPENDS "${SAHA_FUZZ_DIR}/fuzz_*.c")
foreach(src ${SAHA_FUZZ_HARNESSES})
  get_filename_component(fname ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name ${fname})
  add_executable(fuzzrun_${name} ${src} ${SAHA_FUZZ_DIR}/runner_main.c)
  target_include_directories(fuzzrun_${name} PRIVATE ${SAHA_FUZZ_DIR} ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(fuzzrun_${name} PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
  target_compile_options(fuzzrun_${name} PRIVATE ${SAHA_WARNINGS})
  target_link_libraries(fuzzrun_${name} PRIVATE libsaha m)
  add_test(NAME fuzz.${name} COMMAND fuzzrun_${name} ${SAHA_FUZZ_DIR}/corpus/${name})
  set_tests_properties(fuzz.${name} PROPERTIES LABELS "fuzz" ENVIRONMENT "${SAHA_TEST_ENV}")
endforeach()
