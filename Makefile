# Thin wrapper over CMake. The two commands a fresh machine needs: `make demo` and `make test`.
SANITIZE ?= 0
JOBS ?= $(shell nproc)
ifeq ($(SANITIZE),1)
BUILD_DIR ?= build/asan
else
BUILD_DIR ?= build
endif
CMAKE_FLAGS ?=

.PHONY: all deps build configure test test-unit test-integration demo bench package db-start db-stop clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DSANITIZE=$(if $(filter 1,$(SANITIZE)),ON,OFF) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

db-start:
	@bash scripts/test-db.sh start

db-stop:
	@bash scripts/test-db.sh stop

# Everything from a bare machine: dependencies, database, build, every unit and integration test.
test: deps db-start build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

test-integration: deps db-start build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L integration

# The main job: a local run of the system.
demo: deps db-start build
	@bash scripts/demo.sh $(BUILD_DIR)

bench: deps db-start build
	@bash scripts/bench.sh $(BUILD_DIR)

# The agent's Debian package: $(BUILD_DIR)/ntppool-agent_<version>_<arch>.deb (packaging/agent).
package: configure
	cmake --build $(BUILD_DIR) --target ntppool-agent-deb -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR)/CMakeFiles $(BUILD_DIR)/bin $(BUILD_DIR)/gen
