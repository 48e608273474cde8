#!/usr/bin/env bash
# Builds and lints every Bicep template and parameter file in infra/ with the Bicep CLI from the NuGet
# package Azure.Bicep.CommandLine.linux-x64 (restored by eng/bicep/bicep.csproj). Any diagnostic,
# warning included, fails the check. Each call is wrapped in a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet restore eng/bicep/bicep.csproj --nologo -v q >/dev/null
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
bicep="${packages%/}/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
for file in infra/*.bicep infra/*.bicepparam; do
  [ -e "$file" ] || continue
  before=$failed
  case "$file" in
    *.bicepparam) steps="build-params" ;;
    *) steps="build lint" ;;
  esac
  for step in $steps; do
    if [ "$step" = lint ]; then args=("$file"); else args=("$file" --outdir "$out"); fi
    [ "$step" = build-params ] && args=("$file" --outfile "$out/$(basename "$file").json")
    diagnostics=$(timeout 180 "$bicep" "$step" "${args[@]}" 2>&1) || { echo "bicep $step $file failed:"; echo "$diagnostics"; failed=1; continue; }
    if [ -n "$diagnostics" ]; then echo "bicep $step $file reported:"; echo "$diagnostics"; failed=1; fi
  done
  if [ "$failed" = "$before" ]; then echo "bicep: $file ok"; fi
done
exit $failed
