# Declarative helpers so that every component's CMakeLists.txt reads the same.
#
#   homeward_cc_library(NAME homeward_store SRCS ... DEPS ... [INCLUDES ...])
#   homeward_cc_executable(NAME homeward-server SRCS ... DEPS ...)
#   homeward_cc_test(NAME store_test SRCS ... DEPS ... [LABELS ...] [TIMEOUT s])
#   homeward_cc_benchmark(NAME matching_bench SRCS ... DEPS ...)
#   homeward_embed_files(NAME homeward_reference_data NAMESPACE homeward::embedded FILES ...)

include_guard(GLOBAL)

option(HOMEWARD_WERROR "Treat compiler warnings as errors" OFF)

function(homeward_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(HOMEWARD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(homeward_cc_library)
  cmake_parse_arguments(HW "" "NAME" "SRCS;DEPS;PRIVATE_DEPS;INCLUDES" ${ARGN})
  add_library(${HW_NAME} STATIC ${HW_SRCS})
  target_link_libraries(${HW_NAME} PUBLIC ${HW_DEPS} PRIVATE ${HW_PRIVATE_DEPS})
  if(HW_INCLUDES)
    target_include_directories(${HW_NAME} PUBLIC ${HW_INCLUDES})
  endif()
  homeward_set_warnings(${HW_NAME})
endfunction()

function(homeward_cc_executable)
  cmake_parse_arguments(HW "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${HW_NAME} ${HW_SRCS})
  target_link_libraries(${HW_NAME} PRIVATE ${HW_DEPS})
  homeward_set_warnings(${HW_NAME})
endfunction()

# One test binary per component; ctest runs each binary as one test.
function(homeward_cc_test)
  cmake_parse_arguments(HW "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS;ARGS;ENVIRONMENT" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  add_executable(${HW_NAME} ${HW_SRCS})
  target_link_libraries(${HW_NAME} PRIVATE ${HW_DEPS} homeward_test_support GTest::gmock_main)
  homeward_set_warnings(${HW_NAME})
  add_test(NAME ${HW_NAME} COMMAND ${HW_NAME} ${HW_ARGS})
  if(NOT HW_TIMEOUT)
    set(HW_TIMEOUT 600)
  endif()
  set_tests_properties(${HW_NAME} PROPERTIES TIMEOUT ${HW_TIMEOUT}
    ENVIRONMENT "HOMEWARD_SOURCE_DIR=${PROJECT_SOURCE_DIR};HOMEWARD_BINARY_DIR=${PROJECT_BINARY_DIR};${HW_ENVIRONMENT}")
  if(HW_LABELS)
    set_tests_properties(${HW_NAME} PROPERTIES LABELS "${HW_LABELS}")
  endif()
endfunction()

function(homeward_cc_benchmark)
  cmake_parse_arguments(HW "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT HOMEWARD_BUILD_BENCH)
    return()
  endif()
  add_executable(${HW_NAME} ${HW_SRCS})
  target_link_libraries(${HW_NAME} PRIVATE ${HW_DEPS} benchmark::benchmark)
  homeward_set_warnings(${HW_NAME})
endfunction()

# Compiles data files into a static library. For each file a function
#   std::string_view <NAMESPACE>::<identifier>()
# is generated, where identifier is the file name with non-alphanumerics as '_'.
# A lookup by file name, <NAMESPACE>::find(name), returns an empty view when absent.
function(homeward_embed_files)
  cmake_parse_arguments(HW "" "NAME;NAMESPACE;HEADER" "FILES" ${ARGN})
  set(out_cpp ${CMAKE_CURRENT_BINARY_DIR}/${HW_NAME}.cc)
  set(out_h ${CMAKE_CURRENT_BINARY_DIR}/include/${HW_HEADER})
  add_custom_command(
    OUTPUT ${out_cpp} ${out_h}
    COMMAND ${CMAKE_COMMAND} -DOUT_CPP=${out_cpp} -DOUT_H=${out_h} -DNAMESPACE=${HW_NAMESPACE}
            -DHEADER=${HW_HEADER} "-DFILES=${HW_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${HW_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${HW_NAME}"
    VERBATIM)
  add_library(${HW_NAME} STATIC ${out_cpp})
  target_include_directories(${HW_NAME} PUBLIC ${CMAKE_CURRENT_BINARY_DIR}/include)
endfunction()
