# The part every consumer project shares once nomo::nomo exists: the program, the consumer's own
# warning policy, and checks that nomo hands over nothing but headers and dependencies.
add_executable(nomo_consumer ${CMAKE_CURRENT_LIST_DIR}/consumer_main.cpp)
target_link_libraries(nomo_consumer PRIVATE nomo::nomo)
# The consumer's flags, stricter than nomo's own: nomo's headers must compile cleanly under them.
set(nomo_consumer_flags -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror)
target_compile_options(nomo_consumer PRIVATE ${nomo_consumer_flags})
# Every header, under the same flags, where the consumer reads them as its own (add_subdirectory):
# one mode suffices, and compiling all of nomo takes ~40 s.
if(NOMO_CONSUMER_ALL_HEADERS)
  add_executable(nomo_consumer_all_headers ${CMAKE_CURRENT_LIST_DIR}/consumer_all_headers.cpp)
  target_link_libraries(nomo_consumer_all_headers PRIVATE nomo::nomo)
  target_compile_options(nomo_consumer_all_headers PRIVATE ${nomo_consumer_flags})
endif()

get_target_property(nomo_compile_options nomo::nomo INTERFACE_COMPILE_OPTIONS)
if(nomo_compile_options)
  message(FATAL_ERROR "nomo::nomo passes compile options to consumers: ${nomo_compile_options}")
endif()
get_target_property(nomo_link_libraries nomo::nomo INTERFACE_LINK_LIBRARIES)
if(nomo_link_libraries MATCHES "nomo_project_flags")
  message(FATAL_ERROR "nomo::nomo passes its own flag target to consumers: ${nomo_link_libraries}")
endif()
if(TARGET nomo_catch_main OR TARGET nomo_tests_core)
  message(FATAL_ERROR "nomo built its own tests inside a consumer project")
endif()
