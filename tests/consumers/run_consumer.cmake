# Configures, builds and runs one consumer project of tests/consumers from scratch.
#   cmake -DMODE=<find_package|add_subdirectory|fetch_content> -DNOMO_SOURCE_DIR=<nomo checkout>
#         -DCONSUMER_DIR=<consumer project> -DWORK_DIR=<scratch folder>
#         [-DGENERATOR=<cmake generator>] [-DCXX_COMPILER=<compiler>] -P run_consumer.cmake
# find_package mode first installs nomo into WORK_DIR/prefix and checks the installed export.
cmake_minimum_required(VERSION 3.16)

foreach(required IN ITEMS MODE NOMO_SOURCE_DIR CONSUMER_DIR WORK_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_consumer.cmake: ${required} is not set")
  endif()
endforeach()

# Runs a command and stops with its output when it fails.
function(run_step description)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${description} failed (${result}):\n${output}\n${errors}")
  endif()
  message(STATUS "${description}: ok")
endfunction()

# Fails when the installed nomo-targets.cmake would hand a consumer compile options or nomo's
# own flag target.
function(check_installed_export prefix)
  file(GLOB_RECURSE exports "${prefix}/*/nomo-targets.cmake")
  if(NOT exports)
    message(FATAL_ERROR "cmake --install put no nomo-targets.cmake under ${prefix}")
  endif()
  file(READ "${exports}" export_text)
  foreach(forbidden IN ITEMS INTERFACE_COMPILE_OPTIONS nomo_project_flags -Werror -Wall)
    string(FIND "${export_text}" "${forbidden}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${exports} exports '${forbidden}' to consumers")
    endif()
  endforeach()
  message(STATUS "installed export carries no compile options: ok")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(configure_args -DCMAKE_BUILD_TYPE=Debug "-DNOMO_SOURCE_DIR=${NOMO_SOURCE_DIR}")
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()

if(MODE STREQUAL "find_package")
  run_step("configure nomo for install" ${CMAKE_COMMAND} -S "${NOMO_SOURCE_DIR}" -B "${WORK_DIR}/nomo-build"
           ${configure_args} -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF -DNOMO_INSTALL=ON)
  run_step("install nomo" ${CMAKE_COMMAND} --install "${WORK_DIR}/nomo-build" --prefix "${WORK_DIR}/prefix")
  check_installed_export("${WORK_DIR}/prefix")
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
elseif(NOT MODE STREQUAL "add_subdirectory" AND NOT MODE STREQUAL "fetch_content")
  message(FATAL_ERROR "run_consumer.cmake: MODE = ${MODE}: must be find_package, add_subdirectory or fetch_content")
endif()

run_step("configure consumer (${MODE})" ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/build" ${configure_args})
run_step("build consumer (${MODE})" ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run_step("run consumer (${MODE})" "${WORK_DIR}/build/nomo_consumer")
if(EXISTS "${WORK_DIR}/build/nomo_consumer_all_headers")
  run_step("run consumer of every header (${MODE})" "${WORK_DIR}/build/nomo_consumer_all_headers")
endif()
