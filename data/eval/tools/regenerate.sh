#!/usr/bin/env sh
# Rebuilds data/eval/*.jsonl from ../shared/data (beside the checkout) and data/ with the generator in
# tests/AlignLab.Tests/Evaluation/Suites/BundledSuiteGenerator.cs, then checks the result. Deterministic: the same
# data always gives byte-identical files. It fails if the corpus split differs from models/manifest.json.
# The capability subsets in data/eval/capability/ are rebuilt the same way (BundledCapabilityFilesTests).
set -eu
cd "$(dirname "$0")/../../.."
ALIGNLAB_WRITE_EVAL_SUITES=1 dotnet test tests/AlignLab.Tests --filter "FullyQualifiedName~BundledSuiteGeneratorTests|FullyQualifiedName~BundledCapabilityFilesTests" "$@"
git status --short data/eval
