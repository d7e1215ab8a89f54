# The CLI loads libxml2, SQLite and ICU's i18n library when it first
# calls one of their functions (src/lazy/lazy_load.c), so that a process
# that needs none of them (`newsloc segment` on text) does not map and
# relocate them before main. The library (libnewsloc) links them as
# usual; only the executable is linked this way, on x86-64 Linux.
# Elsewhere, or with -DNEWSLOC_LAZY_LIBS=OFF, the CLI links them too.
option(NEWSLOC_LAZY_LIBS
  "CLI: load libxml2, SQLite and ICU i18n on first use (x86-64 Linux)" ON)
if(NEWSLOC_LAZY_LIBS AND CMAKE_SYSTEM_NAME STREQUAL "Linux"
   AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
   AND CMAKE_NM AND CMAKE_OBJDUMP)
  enable_language(ASM)
  set(NEWSLOC_LAZY ON)
else()
  set(NEWSLOC_LAZY OFF)
endif()

# The full paths of the pkg-config libraries of a module whose names
# match (or do not match) a pattern.
function(newsloc_lazy_pick out list pattern keep)
  set(r "")
  foreach(lib IN LISTS ${list})
    string(REGEX MATCH "${pattern}" m "${lib}")
    if((keep AND m) OR (NOT keep AND NOT m))
      list(APPEND r ${lib})
    endif()
  endforeach()
  set(${out} ${r} PARENT_SCOPE)
endfunction()

function(newsloc_link_lazily target)
  if(NOT NEWSLOC_LAZY)
    target_link_libraries(${target} PRIVATE newsloc_static)
    return()
  endif()
  newsloc_lazy_pick(i18n ICU_LINK_LIBRARIES "libicui18n" ON)
  newsloc_lazy_pick(icu_rest ICU_LINK_LIBRARIES "libicui18n" OFF)
  set(lazy ${LIBXML2_LINK_LIBRARIES} ${SQLITE3_LINK_LIBRARIES} ${i18n})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/lazy)
  set(gen ${CMAKE_CURRENT_SOURCE_DIR}/src/lazy/lazy_gen.cmake)
  add_custom_command(OUTPUT ${dir}/lazy_stubs.S ${dir}/lazy_table.c
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DOBJDUMP=${CMAKE_OBJDUMP}
      "-DOBJECTS=$<JOIN:$<TARGET_OBJECTS:newsloc_objects>,|>"
      "-DLIBS=$<JOIN:${lazy},|>" -DDATA=xmlFree
      -DOUT_S=${dir}/lazy_stubs.S -DOUT_C=${dir}/lazy_table.c -P ${gen}
    DEPENDS ${gen} $<TARGET_OBJECTS:newsloc_objects>
    COMMENT "Writing the CLI's stubs for libxml2, SQLite and ICU i18n"
    VERBATIM)
  target_sources(${target} PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/src/lazy/lazy_load.c
    ${CMAKE_CURRENT_SOURCE_DIR}/src/lazy/lazy_x86_64.S
    ${dir}/lazy_stubs.S ${dir}/lazy_table.c
    $<TARGET_OBJECTS:newsloc_objects> $<TARGET_OBJECTS:newsloc_blob>)
  target_include_directories(${target} PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/src/lazy)
  target_link_libraries(${target} PRIVATE ${icu_rest} Threads::Threads m
    ${CMAKE_DL_LIBS})
endfunction()
