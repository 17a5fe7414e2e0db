#!/usr/bin/env bash
# valgrind-cli.sh REAL-CLI ARGS… — runs the CLI under valgrind memcheck;
# any memory error or definite leak turns into exit 99, which the CLI
# tests see as a wrong exit code.
real=$1; shift
here=$(dirname "$(readlink -f "$0")")
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --suppressions="$here/valgrind.supp" "$real" "$@"
