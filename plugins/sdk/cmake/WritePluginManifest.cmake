# Script mode, run after a plugin is linked: writes its manifest (schemas/plugin-manifest.schema.json)
# with the SHA-256 of the library as built.
# Inputs: LIBRARY MANIFEST ID NAME PROVINCE VERSION SDK_VERSION ABI_MAJOR ABI_MINOR PROVIDES, and
# for each document whose members the rules declare, <DOCUMENT>_FIELDS: the members,
# comma-separated (empty for none); RULE_POINTS "<least>,<most>" when the rules declare it.
file(SHA256 "${LIBRARY}" sha256)
get_filename_component(library_name "${LIBRARY}" NAME)
string(REPLACE "\"" "\\\"" name "${NAME}")
set(provides "")
foreach(p IN LISTS PROVIDES)
  if(provides)
    string(APPEND provides ", ")
  endif()
  string(APPEND provides "\"${p}\"")
endforeach()
# "rule_inputs": {"person": [...], ...} for the documents given, else nothing.
set(rule_inputs "")
foreach(document PERSON VACANCY TRAINING PROGRAMME)
  if(DEFINED ${document}_FIELDS)
    string(REPLACE "," "\", \"" fields "${${document}_FIELDS}")
    if(fields)
      set(fields "\"${fields}\"")
    endif()
    string(TOLOWER ${document} key)
    if(rule_inputs)
      string(APPEND rule_inputs ", ")
    endif()
    string(APPEND rule_inputs "\"${key}\": [${fields}]")
  endif()
endforeach()
if(rule_inputs)
  set(rule_inputs ",\n  \"rule_inputs\": {${rule_inputs}}")
endif()
if(DEFINED RULE_POINTS)
  string(REPLACE "," ";" points "${RULE_POINTS}")
  list(GET points 0 least)
  list(GET points 1 most)
  string(APPEND rule_inputs ",\n  \"rule_points\": {\"least\": ${least}, \"most\": ${most}}")
endif()
file(WRITE "${MANIFEST}.tmp" "{
  \"id\": \"${ID}\",
  \"name\": \"${name}\",
  \"province\": \"${PROVINCE}\",
  \"version\": \"${VERSION}\",
  \"sdk_version\": \"${SDK_VERSION}\",
  \"abi\": {\"major\": ${ABI_MAJOR}, \"minor\": ${ABI_MINOR}},
  \"library\": \"${library_name}\",
  \"sha256\": \"${sha256}\",
  \"provides\": [${provides}]${rule_inputs}
}
")
file(RENAME "${MANIFEST}.tmp" "${MANIFEST}")
