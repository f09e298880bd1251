#!/usr/bin/env python3
"""Clang's thread-safety analysis over every translation unit of engine/ and api/ that uses
homeward/base/mutex.h (found from the headers Ninja recorded for each object), so that a member declared
HW_GUARDED_BY(mu_) and read without mu_ fails the tests even though the build itself uses gcc.

    check-thread-safety.py <build dir with compile_commands.json> <clang++>

Runs `clang++ -fsyntax-only -Wthread-safety -Werror=thread-safety` with each unit's include paths,
definitions and language standard; prints every finding and exits non-zero if there is any.

It first proves that the analysis is on: a class that reads a guarded member without its lock
must be refused and the same class with the lock taken must pass. If the annotations expanded
to nothing under clang, or the flags stopped reaching it, that self-test fails the check.
"""
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys
import tempfile

ANALYSIS = ["-fsyntax-only", "-Wno-everything", "-Wthread-safety", "-Werror=thread-safety"]

SELF_TEST = """
#include "homeward/base/mutex.h"
class Counter {
 public:
  int Read() {
    LOCK
    return count_;
  }
 private:
  homeward::Mutex mu_;
  int count_ HW_GUARDED_BY(mu_) = 0;
};
int main() { return Counter().Read(); }
"""


def objects_using_mutex(build_dir):
    """The objects whose recorded headers include homeward/base/mutex.h (`ninja -t deps`)."""
    listing = subprocess.run(["ninja", "-C", build_dir, "-t", "deps"], capture_output=True,
                             text=True, check=True).stdout
    using, target = set(), None
    for line in listing.splitlines():
        if line and not line[0].isspace():
            target = line.split(":", 1)[0]
        elif target and line.strip().endswith("homeward/base/mutex.h"):
            using.add(target)
    return using


def units(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        commands = json.load(f)
    using = objects_using_mutex(build_dir)
    for entry in commands:
        source = entry["file"]
        if not any(f"/{area}/" in source for area in ("engine", "api")):
            continue
        args = shlex.split(entry["command"])
        if args[args.index("-o") + 1] not in using:
            continue
        flags = []
        i = 1
        while i < len(args):
            a = args[i]
            if a in ("-I", "-D", "-isystem"):
                flags += [a, args[i + 1]]
                i += 1
            elif a.startswith(("-I", "-D", "-std=")):
                flags.append(a)
            i += 1
        yield entry["directory"], source, flags


def check(clang, unit):
    directory, source, flags = unit
    result = subprocess.run([clang, *ANALYSIS, *flags, source], cwd=directory,
                            capture_output=True, text=True)
    return source, result.returncode, result.stderr


def analysis_catches_a_missing_lock(clang, unit):
    """True when the snippet without the lock is refused for it and the one with it passes."""
    directory, _, flags = unit
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for lock in ("", "homeward::MutexLock lock(&mu_);"):
            source = os.path.join(tmp, "self_test.cc")
            with open(source, "w") as f:
                f.write(SELF_TEST.replace("LOCK", lock))
            result = subprocess.run([clang, *ANALYSIS, *flags, source], cwd=directory,
                                    capture_output=True, text=True)
            outcomes.append(result)
    unlocked, locked = outcomes
    caught = unlocked.returncode != 0 and "requires holding mutex 'mu_'" in unlocked.stderr
    if not caught or locked.returncode != 0:
        print("self-test: a read without the lock gave\n" + unlocked.stderr +
              "and the read with it gave\n" + locked.stderr)
        return False
    return True


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build_dir, clang = sys.argv[1], sys.argv[2]
    todo = list(units(build_dir))
    if not todo:
        sys.exit("no translation unit uses homeward/base/mutex.h: is the dependency scan broken?")
    if not analysis_catches_a_missing_lock(clang, todo[0]):
        sys.exit("the analysis does not catch a guarded member read without its lock")
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for source, code, errors in pool.map(lambda u: check(clang, u), todo):
            if code != 0:
                failed += 1
                print(f"FAIL {source}\n{errors}")
    print(f"{len(todo)} units checked, {failed} with findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
