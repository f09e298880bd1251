# Script mode, run after a plugin is linked: writes its manifest (schemas/plugin-manifest.schema.json)
# with the SHA-256 of the library as built.
# Inputs: LIBRARY MANIFEST ID NAME PROVINCE VERSION SDK_VERSION ABI_MAJOR ABI_MINOR PROVIDES.
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
file(WRITE "${MANIFEST}.tmp" "{
  \"id\": \"${ID}\",
  \"name\": \"${name}\",
  \"province\": \"${PROVINCE}\",
  \"version\": \"${VERSION}\",
  \"sdk_version\": \"${SDK_VERSION}\",
  \"abi\": {\"major\": ${ABI_MAJOR}, \"minor\": ${ABI_MINOR}},
  \"library\": \"${library_name}\",
  \"sha256\": \"${sha256}\",
  \"provides\": [${provides}]
}
")
file(RENAME "${MANIFEST}.tmp" "${MANIFEST}")
