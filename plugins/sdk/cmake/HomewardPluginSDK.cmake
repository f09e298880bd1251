# homeward_add_plugin(): builds a Homeward provincial plugin and writes its manifest.
#
#   homeward_add_plugin(<target>
#     ID <id> NAME <display name> PROVINCE <KH-n> VERSION <x.y.z>
#     SOURCES <files...>
#     [MARKET_DATA <market.json>]          compiled in; read it with sdk::EmbeddedMarketData()
#     [PROVIDES <market_data|scoring_rules|screening_rules>...]  (default: all three)
#     [PERSON_FIELDS <member>...]          what the rules read of each document they are given,
#     [VACANCY_FIELDS <member>...]         e.g. PERSON_FIELDS household.dependents: the host then
#     [TRAINING_FIELDS <member>...]        sends only these members (an empty list: none of
#     [PROGRAMME_FIELDS <member>...]       them) and may remember the answers (docs/plugin-guide.md,
#                                          "Declaring what your rules read"); a document with
#                                          no list is sent whole
#     [RULE_POINTS <least> <most>]         the least and most the rules together move a score,
#                                          -15 <= least <= 0 <= most <= 15 (default: -15 15);
#                                          the host cuts effects to it (docs/plugin-guide.md,
#                                          "Declaring how far your rules move a score")
#     [OUTPUT_DIRECTORY <dir>]             default: ${HOMEWARD_PLUGIN_OUTPUT_DIRECTORY}, else
#                                          ${CMAKE_BINARY_DIR}/plugins
#     [LINK_LIBRARIES <libs...>])
#
# The library <dir>/<id>.so is built with hidden visibility (only homeward_plugin_entry is
# exported) and -Wl,--no-undefined; after each link <dir>/<id>.plugin.json is rewritten with the
# library's SHA-256. HOMEWARD_PLUGIN_ID, _PROVINCE and _VERSION are defined for the sources.
#
# Signing (docs/plugin-guide.md, "Signing"): when HOMEWARD_PLUGIN_SIGNING_KEY names a secret key
# file (homeward-plugin-sign keygen), each manifest is signed after it is written, into
# <dir>/<id>.plugin.sig, with HOMEWARD_PLUGIN_SIGN_COMMAND (default: the homeward-plugin-sign
# installed with the SDK). Targets listed in HOMEWARD_PLUGIN_SIGNING_DEPENDS are built first.
include_guard(GLOBAL)

# Cache variables, so that homeward_add_plugin() sees them from any directory of the project.
set(_HOMEWARD_PLUGIN_SDK_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "")

# The manifests are written with these versions: a change of the header configures again.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${HOMEWARD_PLUGIN_SDK_INCLUDE_DIR}/homeward/plugin_abi.h)
file(STRINGS ${HOMEWARD_PLUGIN_SDK_INCLUDE_DIR}/homeward/plugin_abi.h _hw_abi_lines
  REGEX "^#define HOMEWARD_PLUGIN_(ABI_MAJOR|ABI_MINOR|SDK_VERSION) ")
foreach(line IN LISTS _hw_abi_lines)
  if(line MATCHES "ABI_MAJOR ([0-9]+)")
    set(HOMEWARD_PLUGIN_ABI_MAJOR ${CMAKE_MATCH_1} CACHE INTERNAL "")
  elseif(line MATCHES "ABI_MINOR ([0-9]+)")
    set(HOMEWARD_PLUGIN_ABI_MINOR ${CMAKE_MATCH_1} CACHE INTERNAL "")
  elseif(line MATCHES "SDK_VERSION \"([0-9.]+)\"")
    set(HOMEWARD_PLUGIN_SDK_VERSION ${CMAKE_MATCH_1} CACHE INTERNAL "")
  endif()
endforeach()
if(NOT DEFINED HOMEWARD_PLUGIN_ABI_MAJOR OR NOT DEFINED HOMEWARD_PLUGIN_SDK_VERSION)
  message(FATAL_ERROR "cannot read the ABI version from ${HOMEWARD_PLUGIN_SDK_INCLUDE_DIR}")
endif()

function(homeward_add_plugin target)
  cmake_parse_arguments(HW "" "ID;NAME;PROVINCE;VERSION;MARKET_DATA;OUTPUT_DIRECTORY"
    "SOURCES;PROVIDES;LINK_LIBRARIES;PERSON_FIELDS;VACANCY_FIELDS;TRAINING_FIELDS;PROGRAMME_FIELDS;RULE_POINTS"
    ${ARGN})
  foreach(required ID NAME PROVINCE VERSION SOURCES)
    if(NOT HW_${required})
      message(FATAL_ERROR "homeward_add_plugin(${target}): ${required} is required")
    endif()
  endforeach()
  if(NOT HW_ID MATCHES "^[a-z][a-z0-9-]*$")
    message(FATAL_ERROR "homeward_add_plugin(${target}): ID must be lower-case kebab-case")
  endif()
  if(NOT HW_PROVIDES)
    set(HW_PROVIDES market_data scoring_rules screening_rules)
  endif()
  # A document's list, when given (empty included), as -D<DOCUMENT>_FIELDS for the manifest, and
  # the rules' range as -DRULE_POINTS.
  set(manifest_options "")
  foreach(document PERSON VACANCY TRAINING PROGRAMME)
    if(DEFINED HW_${document}_FIELDS OR ${document}_FIELDS IN_LIST HW_KEYWORDS_MISSING_VALUES)
      list(JOIN HW_${document}_FIELDS "," fields)
      list(APPEND manifest_options "-D${document}_FIELDS=${fields}")
    endif()
  endforeach()
  if(DEFINED HW_RULE_POINTS OR RULE_POINTS IN_LIST HW_KEYWORDS_MISSING_VALUES)
    set(least "")
    set(most "")
    list(LENGTH HW_RULE_POINTS count)
    if(count EQUAL 2)
      list(GET HW_RULE_POINTS 0 least)
      list(GET HW_RULE_POINTS 1 most)
    endif()
    if(NOT least MATCHES "^-?[0-9]+(\\.[0-9]+)?$" OR NOT most MATCHES "^[0-9]+(\\.[0-9]+)?$"
       OR least LESS -15 OR least GREATER 0 OR most GREATER 15)
      message(FATAL_ERROR "homeward_add_plugin(${target}): RULE_POINTS takes <least> <most>, "
                          "-15 <= least <= 0 <= most <= 15")
    endif()
    list(APPEND manifest_options "-DRULE_POINTS=${least},${most}")
  endif()
  if(NOT HW_OUTPUT_DIRECTORY)
    if(HOMEWARD_PLUGIN_OUTPUT_DIRECTORY)
      set(HW_OUTPUT_DIRECTORY ${HOMEWARD_PLUGIN_OUTPUT_DIRECTORY})
    else()
      set(HW_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/plugins)
    endif()
  endif()

  set(sources ${HW_SOURCES})
  if(HW_MARKET_DATA)
    get_filename_component(market "${HW_MARKET_DATA}" ABSOLUTE)
    set(embedded ${CMAKE_CURRENT_BINARY_DIR}/${target}_market_data.cc)
    add_custom_command(OUTPUT ${embedded}
      COMMAND ${CMAKE_COMMAND} -DINPUT=${market} -DOUTPUT=${embedded}
              -P ${_HOMEWARD_PLUGIN_SDK_CMAKE_DIR}/EmbedMarketData.cmake
      DEPENDS ${market} ${_HOMEWARD_PLUGIN_SDK_CMAKE_DIR}/EmbedMarketData.cmake
      COMMENT "Embedding market data of plugin ${HW_ID}")
    list(APPEND sources ${embedded})
  endif()

  add_library(${target} SHARED ${sources})
  target_link_libraries(${target} PRIVATE HomewardPluginSDK::sdk ${HW_LINK_LIBRARIES})
  target_compile_definitions(${target} PRIVATE
    HOMEWARD_PLUGIN_ID="${HW_ID}" HOMEWARD_PLUGIN_PROVINCE="${HW_PROVINCE}"
    HOMEWARD_PLUGIN_VERSION="${HW_VERSION}")
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${HW_ID}
    NO_SONAME ON
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${HW_OUTPUT_DIRECTORY})
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DLIBRARY=$<TARGET_FILE:${target}>
            -DMANIFEST=${HW_OUTPUT_DIRECTORY}/${HW_ID}.plugin.json
            -DID=${HW_ID} "-DNAME=${HW_NAME}" -DPROVINCE=${HW_PROVINCE} -DVERSION=${HW_VERSION}
            -DSDK_VERSION=${HOMEWARD_PLUGIN_SDK_VERSION}
            -DABI_MAJOR=${HOMEWARD_PLUGIN_ABI_MAJOR} -DABI_MINOR=${HOMEWARD_PLUGIN_ABI_MINOR}
            "-DPROVIDES=${HW_PROVIDES}" ${manifest_options}
            -P ${_HOMEWARD_PLUGIN_SDK_CMAKE_DIR}/WritePluginManifest.cmake
    COMMENT "Writing the manifest of plugin ${HW_ID}"
    VERBATIM)
  if(HOMEWARD_PLUGIN_SIGNING_KEY)
    set(sign_command ${HOMEWARD_PLUGIN_SIGN_COMMAND})
    if(NOT sign_command)
      find_program(HOMEWARD_PLUGIN_SIGN_PROGRAM homeward-plugin-sign
        HINTS ${_HOMEWARD_PLUGIN_SDK_CMAKE_DIR}/../../../bin REQUIRED)
      set(sign_command ${HOMEWARD_PLUGIN_SIGN_PROGRAM})
    endif()
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${sign_command} sign ${HOMEWARD_PLUGIN_SIGNING_KEY}
              ${HW_OUTPUT_DIRECTORY}/${HW_ID}.plugin.json
      COMMENT "Signing the manifest of plugin ${HW_ID}"
      VERBATIM)
    if(HOMEWARD_PLUGIN_SIGNING_DEPENDS)
      add_dependencies(${target} ${HOMEWARD_PLUGIN_SIGNING_DEPENDS})
    endif()
  endif()
endfunction()
