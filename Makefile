# The two commands of the README. Everything else is in scripts/.
.PHONY: demo test build clean

# Install what is missing, build (release) and the web UI, seed var/demo.db once, serve on :8080.
demo:
	scripts/demo.sh

# Install what is missing and run every test (C++ on SQLite and PostgreSQL, web, browser).
test:
	scripts/test.sh

build:
	cmake --preset release && cmake --build --preset release

clean:
	rm -rf build web/dist
