#!/bin/sh
# Regression: the component lists of engine/, plugins/ and tests/ skipped any name whose folder was
# missing (`if(EXISTS ...)`), so a misspelt component built and tested nothing without a word. For
# each list, a copy of the tracked tree with one name misspelt must fail to configure, naming it.
#   misspelt_component_test.sh <source dir> <cmake>
set -eu
src=$1
cmake=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

git -C "$src" ls-files -z | (cd "$src" && tar --null -T - -cf -) | tar -xf - -C "$work/"
mkdir "$work/pristine"
(cd "$work" && find . -mindepth 1 -maxdepth 1 ! -name pristine -exec mv {} pristine/ \;)

# expect_failure <file> <sed expression> <misspelt name>
expect_failure() {
  rm -rf "$work/tree" "$work/build"
  cp -a "$work/pristine" "$work/tree"
  sed -i "$2" "$work/tree/$1"
  if ! grep -q "$3" "$work/tree/$1"; then
    echo "FAIL: could not misspell $3 in $1" >&2
    exit 1
  fi
  if "$cmake" -S "$work/tree" -B "$work/build" -DBUILD_TESTING=ON >"$work/log" 2>&1; then
    echo "FAIL: $1 with the component '$3' configured" >&2
    exit 1
  fi
  if ! grep -q "$3" "$work/log"; then
    echo "FAIL: configuring $1 with '$3' failed without naming it:" >&2
    cat "$work/log" >&2
    exit 1
  fi
  echo "ok: $1 with '$3' fails the configure"
}

expect_failure engine/CMakeLists.txt 's/ referral demo service)/ referral demoo service)/' demoo
expect_failure tests/CMakeLists.txt 's/allocation referral demo service/allocation referral demoo service/' demoo
expect_failure plugins/CMakeLists.txt 's/ siem-reap$/ siem-raep/; s/ siem-reap / siem-raep /' siem-raep
