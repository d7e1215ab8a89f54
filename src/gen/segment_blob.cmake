# The bundled segmentation rules compiled at build time (src/segment_blob.h):
# a generator linked with the library's objects compiles each tag below
# and writes the result as C, which is linked into the library. A tag not
# listed (or a changed newsloc.srx, starters.tsv or ICU) is compiled at
# run time, with the same result, only later.
set(NEWSLOC_BLOB_TAGS
  am am-ET ar az az-Latn-AZ bg bm bm-ML bn bn-BD bo bo-CN bs bs-Latn-BA ckb
  ckb-IQ cs da de el el-GR en en-GB en-US en-ZW es es-419 fa fa-AF fa-IR fi fr
  fr-CD ha ha-NG he hi hr ht ht-HT hu hy hy-AM id id-ID it ja ka ka-GE khq
  khq-ML kk km km-KH kmr ko ko-KR ku ku-TR ky ln ln-CD lo lo-LA mk mk-MK mn mr
  my my-MM nd nd-ZW ne nl om om-ET pa pl ps ps-AF ps-PK pt pt-BR pt-MZ rhg
  rhg-Latn rn rn-BI ro ru ru-RU rw rw-RW sg sg-CF si sk sl sn sn-ZW so so-SO
  sq sq-AL sr sr-Latn-RS sv sw sw-KE ta tg th th-TH ti ti-ER tr tr-TR ug uk
  uk-UA ur ur-PK uz uz-Latn-UZ vi vi-VN yue yue-Hant-HK zh zh-Hans zh-Hans-CN
  zh-Hant)

add_executable(segment_blob_gen
  ${CMAKE_CURRENT_SOURCE_DIR}/src/gen/segment_blob_gen.c
  ${CMAKE_CURRENT_SOURCE_DIR}/src/gen/segment_blob_none.c)
newsloc_warnings(segment_blob_gen)
target_include_directories(segment_blob_gen PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/src)
target_link_libraries(segment_blob_gen PRIVATE newsloc_objects)

set(NEWSLOC_BLOB_C ${CMAKE_CURRENT_BINARY_DIR}/segment_blob_data.c)
add_custom_command(OUTPUT ${NEWSLOC_BLOB_C}
  COMMAND segment_blob_gen ${NEWSLOC_BLOB_C} ${NEWSLOC_LOCALES_BUILD_DIR}
          ${NEWSLOC_BLOB_TAGS}
  DEPENDS segment_blob_gen ${NEWSLOC_LOCALES_BUILD_DIR}/srx/newsloc.srx
          ${NEWSLOC_LOCALES_BUILD_DIR}/segment/starters.tsv
  COMMENT "Compiling the bundled segmentation rules"
  VERBATIM)
# generated data: no warnings set, no sanitizers needed for a table
add_library(newsloc_blob OBJECT ${NEWSLOC_BLOB_C})
target_include_directories(newsloc_blob PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR}/include
  ${CMAKE_CURRENT_BINARY_DIR}/include)
target_link_libraries(newsloc_blob PRIVATE PkgConfig::ICU)
