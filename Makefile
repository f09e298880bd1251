# The two commands of the README, and a few conveniences.
#   make run   install dependencies, build release, start the server on var/homeward.db with demo data
#   make test  install dependencies, build the dev preset (ASan + UBSan), run every test (the
#              console's end-to-end tests run `npm ci` in console/ first, as a CTest fixture)

HOMEWARD_WERROR ?= OFF
LISTEN ?= 127.0.0.1:8080
DB ?= var/homeward.db
KEY_FILE ?= var/data.key

.PHONY: build-fuzz fuzz run test deps build-release build-dev bench format clean

deps:
	./scripts/install-deps

build-release: deps
	cmake --preset release
	cmake --build --preset release

build-dev: deps
	cmake --preset dev -DHOMEWARD_WERROR=$(HOMEWARD_WERROR)
	cmake --build --preset dev

# The bootstrap admin key of var/homeward.db is kept in var/admin-key (readable by you only), so
# that every `make run` can print a working curl line that reads it (the key itself is never
# printed); HOMEWARD_ADMIN_KEY overrides it. The data key that seals personal records is created
# once in var/data.key (0600); lose it and the database cannot be read.
run: build-release
	mkdir -p var
	test -s var/admin-key || (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > var/admin-key)
	test -s $(KEY_FILE) || ./build/release/admin/homeward-admin create-key --key-file $(KEY_FILE)
	@if [ -n "$${HOMEWARD_ADMIN_KEY:-}" ]; then ref='$$HOMEWARD_ADMIN_KEY'; else ref='$$(cat var/admin-key)'; fi; \
	echo "Homeward on http://$(LISTEN) (admin key in var/admin-key, data key in $(KEY_FILE)). Try, once it says ready:"; \
	echo "  curl -H \"Authorization: Bearer $$ref\" 'http://$(LISTEN)/v1/vacancies?limit=2'"; \
	echo "  the web console: http://$(LISTEN)/ (sign in with the admin key in var/admin-key, or a key it creates)"; \
	HOMEWARD_ADMIN_KEY="$${HOMEWARD_ADMIN_KEY:-$$(cat var/admin-key)}" exec ./build/release/api/homeward-server --listen $(LISTEN) \
	  --db $(DB) --key-file $(KEY_FILE) --plugins build/release/plugins \
	  --plugin-trust-key build/release/plugin-dev-key.pub --demo

# libFuzzer targets (clang): scripts/fuzz runs them from fuzz/corpus/.
build-fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz

test: build-dev build-fuzz
	ctest --preset dev
	./scripts/fuzz 30

# A long fuzzing run: RUNS inputs per target (default 1,000,000).
fuzz: build-fuzz
	RUNS=$${RUNS:-1000000} ./scripts/fuzz

bench: deps
	cmake --preset bench
	cmake --build --preset bench

format:
	find engine api plugins tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
