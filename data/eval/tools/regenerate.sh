#!/usr/bin/env sh
# Rebuilds data/eval/*.jsonl from ../shared/data (beside the checkout) and data/ with the generator in
# tests/AlignLab.Tests/Evaluation/Suites/BundledSuiteGenerator.cs, then checks the result. Deterministic: the same
# data always gives byte-identical files. It fails if the corpus split differs from models/manifest.json.
set -eu
cd "$(dirname "$0")/../../.."
ALIGNLAB_WRITE_EVAL_SUITES=1 dotnet test tests/AlignLab.Tests --filter "FullyQualifiedName~BundledSuiteGeneratorTests" "$@"
git status --short data/eval
