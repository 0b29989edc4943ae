# Third-party dependencies. By default everything comes from the cache that
# packaging/bootstrap.sh fills; each can be pointed elsewhere for other systems.
set(_src "${NANO_DEPS_DIR}/src")

set(NANO_V8_INCLUDE_DIR "${NANO_DEPS_DIR}/v8/usr/include/node" CACHE PATH "V8 headers (v8.h)")
set(NANO_V8_INSPECTOR_INCLUDE_DIR "${_src}/node/deps/v8/include" CACHE PATH "v8-inspector.h of the same V8")
set(NANO_V8_LIBRARY "${NANO_DEPS_DIR}/v8/usr/lib/x86_64-linux-gnu/libnode.so.108" CACHE FILEPATH
    "Shared library exporting V8 (libnode.so or libv8.so)")
set(NANO_ADA_DIR "${_src}/ada" CACHE PATH "ada source tree (include/ and src/ada.cpp)")
set(NANO_LLHTTP_DIR "${_src}/node/deps/llhttp" CACHE PATH "llhttp source tree")
set(NANO_SIMDUTF_DIR "${_src}/node/deps/simdutf" CACHE PATH "simdutf (simdutf.h, simdutf.cpp)")
set(NANO_WPT_DIR "${_src}/node/test/fixtures/wpt" CACHE PATH "Web Platform Tests checkout")

foreach(_need NANO_V8_INCLUDE_DIR/v8.h NANO_V8_INSPECTOR_INCLUDE_DIR/v8-inspector.h
              NANO_ADA_DIR/include/ada.h NANO_LLHTTP_DIR/include/llhttp.h
              NANO_SIMDUTF_DIR/simdutf.h)
  string(REPLACE "/" ";" _parts "${_need}")
  list(GET _parts 0 _var)
  list(GET _parts 1 _file)
  if(NOT EXISTS "${${_var}}/${_file}")
    message(FATAL_ERROR "${_file} not found in ${_var}='${${_var}}'. "
                        "Run packaging/bootstrap.sh or set ${_var}.")
  endif()
endforeach()
if(NOT EXISTS "${NANO_V8_LIBRARY}")
  message(FATAL_ERROR "V8 library not found at NANO_V8_LIBRARY='${NANO_V8_LIBRARY}'. Run packaging/bootstrap.sh.")
endif()

# V8 (libnode108: V8 10.2, no pointer compression, no sandbox).
add_library(nano_v8 SHARED IMPORTED GLOBAL)
set_target_properties(nano_v8 PROPERTIES
  IMPORTED_LOCATION "${NANO_V8_LIBRARY}"
  IMPORTED_NO_SONAME OFF
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${NANO_V8_INCLUDE_DIR};${NANO_V8_INSPECTOR_INCLUDE_DIR}"
  INTERFACE_INCLUDE_DIRECTORIES "${NANO_V8_INCLUDE_DIR};${NANO_V8_INSPECTOR_INCLUDE_DIR}")
add_library(nano::v8 ALIAS nano_v8)
get_filename_component(NANO_V8_LIBRARY_DIR "${NANO_V8_LIBRARY}" DIRECTORY)

# ada: WHATWG URL. src/ada.cpp includes the other sources.
add_library(nano_ada STATIC "${NANO_ADA_DIR}/src/ada.cpp")
target_include_directories(nano_ada SYSTEM PUBLIC "${NANO_ADA_DIR}/include")
target_compile_options(nano_ada PRIVATE -w)
set_target_properties(nano_ada PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_library(nano::ada ALIAS nano_ada)

# llhttp: HTTP/1.1 parsing.
file(GLOB _llhttp_sources "${NANO_LLHTTP_DIR}/src/*.c")
add_library(nano_llhttp STATIC ${_llhttp_sources})
target_include_directories(nano_llhttp SYSTEM PUBLIC "${NANO_LLHTTP_DIR}/include")
target_compile_options(nano_llhttp PRIVATE -w)
set_target_properties(nano_llhttp PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_library(nano::llhttp ALIAS nano_llhttp)

# simdutf: UTF-8/16 validation and transcoding.
add_library(nano_simdutf STATIC "${NANO_SIMDUTF_DIR}/simdutf.cpp")
target_include_directories(nano_simdutf SYSTEM PUBLIC "${NANO_SIMDUTF_DIR}")
target_compile_options(nano_simdutf PRIVATE -w)
set_target_properties(nano_simdutf PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_library(nano::simdutf ALIAS nano_simdutf)

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET libuv)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
