# Thin wrappers over the npm scripts, for muscle memory.
.PHONY: install start test typecheck lint format synth ci bench

install: ; npm ci
start: ; npm start
test: ; npm test
typecheck: ; npm run typecheck
lint: ; npm run lint
format: ; npm run format
synth: ; npm run synth
ci: ; bash .ci/run
bench: ; for s in platform render orchestrator stream spec-engine e2e; do npm run bench:$$s || exit 1; done
