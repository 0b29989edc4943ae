# Warnings and sanitizers for our own targets; third-party targets do not call this.
add_library(nano_warnings INTERFACE)
target_compile_options(nano_warnings INTERFACE -Wall -Wextra -Wno-unused-parameter)

if(NANO_SANITIZE)
  if(NOT NANO_SANITIZE MATCHES "^(address|undefined|thread)$")
    message(FATAL_ERROR "NANO_SANITIZE must be address, undefined or thread, not '${NANO_SANITIZE}'")
  endif()
  add_compile_options(-fsanitize=${NANO_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${NANO_SANITIZE})
endif()
