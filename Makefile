# The two commands of the README, and a few conveniences.
#   make run   install dependencies, build release, start the server on var/homeward.db with demo data
#   make test  install dependencies, build the dev preset (ASan + UBSan), run every test

HOMEWARD_WERROR ?= OFF
LISTEN ?= 127.0.0.1:8080
DB ?= var/homeward.db

.PHONY: run test deps build-release build-dev bench format clean

deps:
	./scripts/install-deps

build-release: deps
	cmake --preset release
	cmake --build --preset release

build-dev: deps
	cmake --preset dev -DHOMEWARD_WERROR=$(HOMEWARD_WERROR)
	cmake --build --preset dev

run: build-release
	mkdir -p var
	./build/release/api/homeward-server --listen $(LISTEN) --db $(DB) \
	  --plugins build/release/plugins --demo

test: build-dev
	ctest --preset dev

bench: deps
	cmake --preset bench
	cmake --build --preset bench

format:
	find engine api plugins tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
