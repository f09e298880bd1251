# Script mode: rewrites MANIFEST, replacing what matches the regular expression FROM with TO.
file(READ "${MANIFEST}" text)
string(REGEX REPLACE "${FROM}" "${TO}" text "${text}")
file(WRITE "${MANIFEST}" "${text}")
